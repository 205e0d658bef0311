"""Issue 11 item 13: the ``assessment-inputs`` import kind (credit code + the catalogue's inputs columns)."""

from __future__ import annotations

import pytest

from gaoxin.assessment.models import EnterpriseInput
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind

pytestmark = pytest.mark.django_db


def test_inputs_import_stores_the_values_and_reimport_is_a_no_op(actor, enterprises):
    from gaoxin.registry.tests.conftest import csv_bytes

    code = enterprises[0].uscc
    data = csv_bytes(
        "统一社会信用代码,评估年度,产品属于国家禁止、限制和淘汰类（人工确认）,专家评分：技术的先进程度,A轮及以前获专业投资机构投资额（万元）",
        f"{code.lower()},2026,否,20,1500",
        "91420106MA4KYB0012,2026,是,1,",
    )
    kind = get_kind("assessment-inputs")
    report = run_import(kind, data, "i.csv", actor)
    assert [e.row for e in report.errors] == [3]  # the unknown enterprise
    report = run_import(kind, csv_bytes(*data.decode().splitlines()[:2]), "i.csv", actor)
    assert report.ok, report.as_json()
    stored = EnterpriseInput.objects.get(enterprise=enterprises[0], year=2026)
    assert stored.values == {
        "industry_restricted": False, "hte_expert_advancement": 20, "professional_investment_series_a": 1500000000,
    }  # fmt: skip
    again = run_import(kind, csv_bytes(*data.decode().splitlines()[:2]), "i.csv", actor)
    assert again.ok and again.counts.unchanged == 1
    assert EnterpriseInput.objects.get(pk=stored.pk).version == stored.version
