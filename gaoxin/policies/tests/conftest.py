"""Policy fixtures: hand-made enterprises with documented figures (2025 accounts, application year 2026),
a policy file whose fund cannot pay every match (so the budget guard cuts), and an enterprise user."""

from __future__ import annotations

from decimal import Decimal

import pytest

YEAR = 2026
WAN = Decimal(10_000)

POLICY = """policy: T-2026-01
name: 关于支持研发投入的若干政策
doc_no: 江高管发〔2026〕1号
issuer: 江城高新区管委会
level: 区级
department: 科技创新局
effective_from: 2026-01-01
effective_to: 2026-12-31
funds:
  - {id: t2026, name: 2026年研发奖补资金, year: 2026, budget: 50万元, shares: {市级: 50%, 区级: 50%}}
clauses:
  - id: rd_subsidy
    name: 研发投入奖补
    article: 第五条
    mode: 免申即享
    when: "rd_expense[y-1] >= 500万元 and rd_expense[y-1] / sales_revenue[y-1] >= 3%"
    amount: "min(rd_expense[y-1] * 5%, 100万元)"
    group: rd
    fund: t2026
  - id: rd_big
    name: 研发大户奖励
    mode: 免申即享
    when: "rd_expense[y-1] > 900万元"
    amount: "40万元"
    group: rd
    fund: t2026
"""

#: name → 2025 研究开发费用 (元); sales 1亿元 each. 5% of it is the amount (A 50万, B 30万, E 36.67万).
FIGURES = {"甲": "10000000", "乙": "6000000", "丙": "4875000", "戊": "7333333.33", "丁": None}


def _enterprise(org, name, rd, liaison, index):
    from gaoxin.registry import uscc
    from gaoxin.registry.models import Enterprise, EnterpriseYear

    ent = Enterprise.objects.create(
        uscc=uscc.make("420106", f"MA4KYP{index:03d}"), name=f"江城{name}科技有限公司", unit=org.units["东湖街道"],
        liaison=liaison, established_on="2015-03-01",
    )  # fmt: skip
    EnterpriseYear.objects.create(
        enterprise=ent, year=YEAR - 1, main_business_revenue=10_000 * WAN, other_business_revenue=Decimal(0),
        rd_expense=Decimal(rd) if rd is not None else None,
    )  # fmt: skip
    return ent


@pytest.fixture
def ents(org, users):
    return {n: _enterprise(org, n, rd, users.liaison1, i) for i, (n, rd) in enumerate(FIGURES.items())}


@pytest.fixture
def ent_user(org, ents):
    from gaoxin.registry.tests.conftest import enterprise_user

    return enterprise_user(org, ents["甲"])


@pytest.fixture
def no_publicity(org):
    org.zone.settings["policy_publicity_days"] = 0
    org.zone.save(update_fields=["settings"])


@pytest.fixture
def loaded(ents, actor, settings):
    from gaoxin.policies.actions import load_policies

    return load_policies([("t.yaml", POLICY)], actor)[0][0]
