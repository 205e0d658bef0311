"""The library and the 兑现 chain through the actions: load (refused whole on any error), matching with
gaps, missing data and groups, notifications, confirm → review → publicity → approve (budget guard, pro
rata to the 分) → pay (level shares), and the row scopes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gaoxin.core.context import Actor
from gaoxin.policies import actions
from gaoxin.policies.models import Claim, Fund, Match, Policy

from .conftest import POLICY, YEAR

pytestmark = pytest.mark.django_db
BANK = {
    "bank_name": "江城农商银行",
    "bank_account": "6230 0000 1111 2222",
    "account_name": "江城甲科技有限公司",
}


def by_name(name):
    return {m.clause.code: m for m in Match.objects.filter(enterprise__name__contains=name, year=YEAR)}


def test_load_matches_at_once_with_amounts_gaps_and_missing(loaded):
    assert loaded.clauses.count() == 2 and Fund.objects.get(code="t2026").budget_fen == 50_000_000
    a = by_name("甲")
    assert (
        a["rd_subsidy"].verdict == "符合"
        and a["rd_subsidy"].amount_fen == 50_000_000
        and a["rd_subsidy"].payable
    )
    assert a["rd_big"].excluded == "从高不重复：已按“研发投入奖补”享受"  # 40万 < 50万
    assert by_name("戊")["rd_subsidy"].amount_fen == 36_666_666  # 366666.6665元 floored to the 分
    near = by_name("丙")["rd_subsidy"]
    assert near.verdict == "不符合" and near.gap_text == "2025年研究开发费用总额还差 12.5万元即可享受"
    unknown = by_name("丁")["rd_subsidy"]
    assert unknown.verdict == "数据不足" and unknown.missing == "2025年研究开发费用总额"


def test_matched_users_and_liaison_are_notified(loaded, ent_user, users, actor):
    from gaoxin.notifications.models import Notification

    # ent_user was created after the first match: a changed policy is matched again and tells only new matches
    assert not Notification.objects.filter(recipient=ent_user).exists()
    Match.objects.all().delete()
    actions.load_policies([("t.yaml", POLICY.replace("研发投入奖补", "研发投入奖补（修订）"))], actor)
    note = Notification.objects.get(recipient=ent_user, kind="policies.matched")
    assert "研发投入奖补（修订）（50万元）" in note.body
    assert Notification.objects.filter(recipient=users.liaison1, kind="policies.matched_liaison").exists()


def test_a_bad_file_is_refused_whole(ents, actor):
    good = POLICY.replace("T-2026-01", "T-OK")
    bad = POLICY.replace("T-2026-01", "T-BAD").replace(
        'amount: "40万元"', 'amount: "rd_expense[y-1] / sales_revenue[y-1]"'
    )
    with pytest.raises(ValidationError) as info:
        actions.load_policies([("good.yaml", good), ("bad.yaml", bad)], actor)
    assert "bad.yaml" in str(info.value) and "金额表达式应为金额" in str(info.value)
    assert not Policy.objects.exists() and not Fund.objects.exists()


def test_unknown_department_is_refused(ents, actor):
    with pytest.raises(ValidationError, match="未知部门“招商二局”"):
        actions.load_policies(
            [("t.yaml", POLICY.replace("department: 科技创新局", "department: 招商二局"))], actor
        )
    assert not Policy.objects.exists()


def _claim(name, user):
    m = by_name(name)["rd_subsidy"]
    return actions.claim(m, Actor(user=user), **{**BANK, "account_name": m.enterprise.name})


def test_chain_with_budget_guard_pro_rata(loaded, ent_user, users, no_publicity):
    staff = Actor(user=users.staff1)
    claims = [_claim("甲", ent_user)] + [_claim(n, None) for n in ("乙", "戊")]
    assert claims[0].bank_account == "6230000011112222"
    with pytest.raises(ValidationError, match="请勿重复提交"):
        _claim("甲", ent_user)
    for c in claims:
        actions.review_claim(c, staff, True, "材料齐全")
    claims = [Claim.objects.get(pk=c.pk) for c in claims]
    plan = actions.batch_plan(claims, user=users.staff1)
    assert [p["granted"] for p in plan] == [21_428_572, 12_857_143, 15_714_285]  # sums to exactly 50万元
    actions.approve_claims(claims, staff)
    fund = Fund.objects.get(code="t2026")
    assert fund.committed_fen() == 50_000_000 and fund.remaining_fen() == 0
    first = Claim.objects.get(pk=claims[0].pk)
    assert first.approved_fen == 21_428_572 and "按规则调减" in first.reduction_reason
    paid = actions.pay_claim(first, staff, first.approved_on, "JC-2026-0001")
    assert paid.shares_fen == {"市级": 10_714_286, "区级": 10_714_286}
    assert fund.paid_fen() == 21_428_572


def test_reduction_needs_a_reason_and_publicity_must_end(loaded, users):
    staff = Actor(user=users.staff1)
    c = _claim("乙", None)
    actions.review_claim(c, staff, True)
    c.refresh_from_db()
    with pytest.raises(ValidationError, match="须先公示"):
        actions.approve_claims([c], staff)
    actions.start_publicity([c], staff)
    c.refresh_from_db()
    with pytest.raises(ValidationError, match="期满后方可核定"):
        actions.approve_claims([c], staff)
    Claim.objects.filter(pk=c.pk).update(
        publicity_to=c.publicity_from.replace(year=c.publicity_from.year - 1)
    )
    c.refresh_from_db()
    with pytest.raises(ValidationError, match="核减时请填写核减理由"):
        actions.approve_claims([c], staff, {c.pk: (25_000_000, "")})
    plan = actions.approve_claims([c], staff, {c.pk: (25_000_000, "部分研发费用不符合归集口径")})
    assert plan[0]["granted"] == 25_000_000


def test_enterprise_cannot_claim_for_another(loaded, ent_user):
    m = by_name("乙")["rd_subsidy"]
    with pytest.raises(PermissionDenied):
        actions.claim(m, Actor(user=ent_user), **BANK)


def test_bank_and_liaison_cannot_approve(loaded, users):
    c = _claim("乙", None)
    for who in (users.bank, users.liaison1):
        with pytest.raises(PermissionDenied):
            actions.review_claim(c, Actor(user=who), True)


def test_clause_edit_is_checked_and_rematched(loaded, users):
    clause = loaded.clauses.get(code="rd_subsidy")
    with pytest.raises(ValidationError) as info:
        actions.save_clause(clause, {"when": "rd_expense[y-1] >= 500"}, Actor(user=users.staff1))
    assert "请为数字写明单位" in str(info.value)
    actions.save_clause(clause, {"when": "rd_expense[y-1] >= 480万元"}, Actor(user=users.staff1))
    assert by_name("丙")["rd_subsidy"].verdict == "符合"  # 487.5万元 now qualifies


def test_repealed_policy_offers_nothing(loaded, users):
    actions.set_status(loaded, "已废止", Actor(user=users.staff1))
    assert not Match.objects.exists()


def test_monthly_bulletin_section(loaded, users, org, no_publicity):
    from openpyxl import load_workbook

    from gaoxin.reports import bulletin
    from gaoxin.reports.render import xlsx_bytes

    staff = Actor(user=users.staff1)
    c = _claim("乙", None)
    actions.review_claim(c, staff, True)
    actions.approve_claims([Claim.objects.get(pk=c.pk)], staff)
    today = org.today
    actions.pay_claim(Claim.objects.get(pk=c.pk), staff, today, "V-1")
    data = bulletin.monthly(org.zone, f"{today:%Y-%m}")
    p = data["policies"]
    assert (p["month_count"], p["month_fen"], p["year_enterprises"]) == (1, 30_000_000, 1)
    assert p["policies"][0]["code"] == "T-2026-01" and p["funds"][0]["paid"] == 30_000_000
    import io

    sheet = load_workbook(io.BytesIO(xlsx_bytes(data)))["政策兑现"]
    assert [cell.value for cell in sheet[2]][:3] == ["T-2026-01", "关于支持研发投入的若干政策", 1]
