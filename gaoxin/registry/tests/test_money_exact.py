"""Issue 11 item 1: money is stored exactly (integer 分) on SQLite and PostgreSQL; what cannot be
stored is refused with a Chinese error naming row/field and reason, and nothing downstream (export,
assess, API, a corrective re-import, editing the enterprise) breaks after the largest amount."""

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
LONG = "99999999999999.99"  # 16 significant digits, the largest amount stored: a REAL rounded it to 1e14
BEYOND = "9999999999999999.99"  # beyond the range: once imported, it broke export/assess/API on SQLite
TOO_LARGE = [BEYOND, "-" + BEYOND, "100000000000000", "1e17", "1e30", "9" * 29, "99999999999999.995"]


def _enterprise(actor):
    data = csv_bytes(
        "统一社会信用代码,企业名称,成立日期,所属单位", f"{CODE},江城精确科技有限公司,2019-05-01,东湖街道"
    )
    assert run_import(get_kind("enterprises"), data, "e.csv", actor).ok


def _years(actor, revenue: str, other: str = "1.01"):
    data = csv_bytes("统一社会信用代码,年度,主营业务收入,其他业务收入", f"{CODE},2023,{revenue},{other}")
    return run_import(get_kind("enterprise-years"), data, "y.csv", actor)


def _exported_revenue(fmt: str = "csv") -> str:
    content, count = export_bytes(get_kind("enterprise-years"), None, fmt)
    assert count == 1
    header, row = content.decode("utf-8-sig").splitlines()[:2]
    return row.split(",")[header.split(",").index("主营业务收入")]


@pytest.mark.parametrize("amount", [LONG, "-" + LONG, "12345678901234.56", "0.01"])
def test_long_amounts_are_stored_read_back_and_exported_exactly(actor, amount):
    _enterprise(actor)
    report = _years(actor, amount)
    assert report.ok, report.as_json()
    stored = EnterpriseYear.objects.get().main_business_revenue
    assert stored == Decimal(amount) and str(stored) == amount
    assert _exported_revenue() == amount


def test_everything_downstream_of_the_largest_amounts_works(actor, client_for, tmp_path):
    _enterprise(actor)
    assert _years(actor, LONG, other=LONG).ok  # 营业收入 = 主营 + 其他: twice the largest amount
    enterprise = Enterprise.objects.get()
    assert enterprise.latest_revenue == 2 * Decimal(LONG)
    target = tmp_path / "years.csv"
    call_command("export", "enterprise-years", str(target), stdout=io.StringIO())
    assert LONG in target.read_text(encoding="utf-8-sig")
    call_command("assess", year=2023, stdout=io.StringIO())  # raised decimal.InvalidOperation on SQLite
    leader = client_for("leader")
    response = leader.get("/api/v1/registry/years")
    assert response.status_code == 200
    assert response.json()["items"][0]["main_business_revenue"] == LONG
    again = _years(actor, LONG, other="2.02")  # a corrective re-import
    assert again.ok and again.counts.updated == 1
    assert Enterprise.objects.get().latest_revenue == Decimal(LONG) + Decimal("2.02")
    assert _years(actor, LONG, other=LONG).ok
    # The enterprise can still be edited although its derived 营业收入 exceeds what one cell may hold.
    enterprise.refresh_from_db()
    body = {"name": "江城精确科技股份有限公司", "version": enterprise.version}
    response = leader.patch(
        f"/api/v1/registry/enterprises/{enterprise.pk}", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content.decode()
    assert leader.get(f"/enterprises/{enterprise.pk}/").status_code == 200


@pytest.mark.parametrize("amount", TOO_LARGE)
def test_an_amount_beyond_the_range_is_refused_at_import_naming_row_and_column(actor, amount):
    _enterprise(actor)
    report = _years(actor, amount)  # 1e30 and 29 nines raised decimal.InvalidOperation
    assert not report.ok
    [error] = report.errors
    assert (error.row, error.column) == (2, "主营业务收入")
    assert error.message == "金额超出允许范围（绝对值须小于 100 万亿元）"
    assert not EnterpriseYear.objects.exists()


def test_an_enormous_valuation_is_an_error_not_a_crash(actor):
    _enterprise(actor)
    data = csv_bytes("统一社会信用代码,年度,企业估值（亿美元）", f"{CODE},2023,1e30")
    report = run_import(get_kind("enterprise-years"), data, "y.csv", actor)  # raised InvalidOperation
    assert not report.ok and report.errors[0].column == "企业估值（亿美元）"


def test_money_field_refuses_what_it_cannot_store():
    from gaoxin.core.fields import MoneyField, fen_to_yuan, yuan_to_fen

    assert yuan_to_fen(Decimal(LONG)) == 9999999999999999
    assert fen_to_yuan(9999999999999999) == Decimal(LONG)
    field = MoneyField()
    for bad in (Decimal("0.001"), Decimal(BEYOND), Decimal("1e14"), Decimal("NaN"), "很多", 10**15):
        with pytest.raises(ValidationError) as info:
            field.get_prep_value(bad)
        assert any(("金额" in m) for m in info.value.messages)
        with pytest.raises(ValidationError):  # full_clean() files it under the field's name
            field.clean(bad, None)
    assert field.get_prep_value(Decimal("1.50")) == 150 and field.get_prep_value(3) == 300
    assert field.clean(Decimal("1.5"), None) == Decimal("1.50")


def test_the_column_holds_integer_fen(actor):
    """Raw-SQL readers (and the engine) see 分 integers."""
    from django.db import connection

    _enterprise(actor)
    assert _years(actor, LONG).ok
    with connection.cursor() as cursor:
        cursor.execute("SELECT main_business_revenue FROM registry_enterpriseyear")
        assert cursor.fetchone()[0] == 9999999999999999


def test_the_assessment_frames_read_the_largest_amount_as_exact_fen(actor):
    """Both readers of the engine's frame: the zone's one SQL statement and the ORM (one enterprise)."""
    from gaoxin.assessment.frames import years_frame

    _enterprise(actor)
    assert _years(actor, LONG, other="-" + LONG).ok
    for frame in (years_frame(2023), years_frame(2023, Enterprise.objects.all())):
        row = frame.row(0, named=True)
        assert (row["main_business_revenue"], row["other_business_revenue"]) == (10**16 - 1, -(10**16 - 1))
