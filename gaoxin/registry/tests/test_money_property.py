"""Issue 11 item 1, as a property: any amount the importer accepts is stored exactly, read back equal,
exported as the same number (csv text; xlsx cell) and re-imported to the same stored value — on SQLite
(where a DecimalField rounded to 15 significant digits) as on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaoxin.registry.models import EnterpriseYear
from gaoxin.transfer.exporting import export_bytes
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind

from .conftest import csv_bytes
from .test_money_exact import CODE, LONG, _enterprise

pytestmark = pytest.mark.django_db

LARGEST = Decimal(LONG)
amounts = st.one_of(
    st.decimals(min_value=-LARGEST, max_value=LARGEST, places=2, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1).map(lambda fen: Decimal(fen).scaleb(-2)),
    st.sampled_from([LARGEST, -LARGEST, Decimal("0.01"), Decimal("0"), Decimal("12345678901234.5")]),
)
EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _stored() -> Decimal:
    return EnterpriseYear.objects.get().main_business_revenue


@EXAMPLES
@given(amount=amounts)
def test_an_accepted_amount_round_trips_through_csv_exactly(actor, amount):
    if not EnterpriseYear.objects.exists():
        _enterprise(actor)
    typed = f"{amount:f}"
    data = csv_bytes("统一社会信用代码,年度,主营业务收入", f"{CODE},2023,{typed}")
    assert run_import(get_kind("enterprise-years"), data, "y.csv", actor).ok
    assert _stored() == amount
    content, _ = export_bytes(get_kind("enterprise-years"), None, "csv")
    header, row = content.decode("utf-8-sig").splitlines()[:2]
    text = row.split(",")[header.split(",").index("主营业务收入")]
    assert Decimal(text) == amount and text == format(amount.normalize(), "f")
    assert run_import(get_kind("enterprise-years"), content, "y.csv", actor).ok
    assert _stored() == amount


@EXAMPLES
@given(amount=amounts)
def test_an_accepted_amount_round_trips_through_xlsx_exactly(actor, amount):
    if not EnterpriseYear.objects.exists():
        _enterprise(actor)
    data = csv_bytes("统一社会信用代码,年度,主营业务收入", f"{CODE},2023,{amount:f}")
    assert run_import(get_kind("enterprise-years"), data, "y.csv", actor).ok
    content, _ = export_bytes(get_kind("enterprise-years"), None, "xlsx")
    report = run_import(get_kind("enterprise-years"), content, "y.xlsx", actor)
    assert report.ok, report.as_json()
    assert _stored() == amount
