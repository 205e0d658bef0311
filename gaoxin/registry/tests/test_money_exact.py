"""Issue 11 item 1: money is stored exactly (integer 分) on SQLite and PostgreSQL; what cannot be
stored is refused with a Chinese error, and nothing downstream (export, assess, API) breaks."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gaoxin.registry import uscc
from gaoxin.registry.models import Enterprise, EnterpriseYear
from gaoxin.transfer.exporting import export_bytes
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

CODE = uscc.make("420106", "MA4K00071")
LONG = "99999999999999.99"  # 16 significant digits: a float (SQLite REAL) rounds it to 1e14
LONGEST = "9999999999999999.99"  # the largest amount a numeric(18, 2) column held


def _enterprise(actor):
    data = csv_bytes(
        "统一社会信用代码,企业名称,成立日期,所属单位", f"{CODE},江城精确科技有限公司,2019-05-01,东湖街道"
    )
    assert run_import(get_kind("enterprises"), data, "e.csv", actor).ok


def _years(actor, revenue: str, other: str = "1.01"):
    data = csv_bytes("统一社会信用代码,年度,主营业务收入,其他业务收入", f"{CODE},2023,{revenue},{other}")
    return run_import(get_kind("enterprise-years"), data, "y.csv", actor)


@pytest.mark.parametrize("amount", [LONG, LONGEST, "-" + LONGEST, "0.01"])
def test_long_amounts_are_stored_and_read_back_exactly(actor, amount):
    _enterprise(actor)
    report = _years(actor, amount)
    assert report.ok, report.as_json()
    stored = EnterpriseYear.objects.get().main_business_revenue
    assert stored == Decimal(amount) and str(stored) == amount


def test_everything_downstream_of_a_long_amount_works(actor, client_for):
    _enterprise(actor)
    assert _years(actor, LONGEST).ok
    content, count = export_bytes(get_kind("enterprise-years"), None, "csv")
    assert count == 1 and LONGEST in content.decode("utf-8-sig")
    out = io.StringIO()
    call_command("assess", year=2023, stdout=out)  # raised decimal.InvalidOperation on SQLite
    response = client_for("leader").get("/api/v1/registry/years")
    assert response.status_code == 200
    assert response.json()["items"][0]["main_business_revenue"] == LONGEST
    again = _years(actor, LONGEST, other="2.02")  # a corrective re-import
    assert again.ok and again.counts.updated == 1
    latest = Enterprise.objects.get().latest_revenue
    assert latest == Decimal(LONGEST) + Decimal("2.02")


def test_an_amount_too_large_is_refused_with_the_cell_named(actor):
    _enterprise(actor)
    report = _years(actor, "10000000000000000")
    assert not report.ok
    [error] = report.errors
    assert (error.row, error.column) == (2, "主营业务收入") and "超出允许范围" in error.message
    assert not EnterpriseYear.objects.exists()


def test_money_field_refuses_what_it_cannot_store():
    from gaoxin.core.fields import MoneyField, fen_to_yuan, yuan_to_fen

    assert yuan_to_fen(Decimal(LONGEST)) == 999999999999999999
    assert fen_to_yuan(999999999999999999) == Decimal(LONGEST)
    field = MoneyField()
    for bad in (Decimal("0.001"), Decimal("1e16"), Decimal("NaN"), "很多"):
        with pytest.raises(ValidationError) as info:
            field.get_prep_value(bad)
        assert any(("金额" in m) for m in info.value.messages)
    assert field.get_prep_value(Decimal("1.50")) == 150 and field.get_prep_value(3) == 300


def test_the_column_holds_integer_fen(actor):
    """Raw-SQL readers (and the engine) see 分 integers."""
    from django.db import connection

    _enterprise(actor)
    assert _years(actor, "1234.56").ok
    with connection.cursor() as cursor:
        cursor.execute("SELECT main_business_revenue FROM registry_enterpriseyear")
        assert cursor.fetchone()[0] == 123456
