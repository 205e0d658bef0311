"""Issue 11 acceptance: any row the importer accepts exports to the same cell text and re-imports to the
same stored values (xlsx and csv; run on SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaoxin.core.context import Actor
from gaoxin.registry.models import FIGURE_COLUMNS, EnterpriseYear
from gaoxin.transfer.exporting import export_bytes
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind
from gaoxin.transfer.reader import read_sheet
from gaoxin.transfer.sheet_templates import load_template
from gaoxin.transfer.writer import write_template

pytestmark = pytest.mark.django_db
TEMPLATE = load_template("enterprise_year")


def _value(column):
    if column.type == "money":  # whole 分 within the money bound (|元| < 100 万亿元, core.fields)
        fen = st.integers(-(10**16) + 1, 10**16 - 1)
        return st.one_of(st.none(), fen.map(lambda f: Decimal(f).scaleb(-2)))
    if column.type == "int":
        return st.one_of(st.none(), st.integers(0, 2_000_000_000))
    if column.type == "decimal":
        return st.one_of(st.none(), st.integers(0, 10**12).map(lambda n: Decimal(n).scaleb(-4)))
    if column.type == "percent":
        return st.one_of(st.none(), st.integers(0, 10**6).map(lambda n: Decimal(n).scaleb(-6)))
    if column.type == "bool":
        return st.one_of(st.none(), st.booleans())
    return st.one_of(st.none(), st.sampled_from(column.choices))


ROW = st.fixed_dictionaries({c.field: _value(c) for c in FIGURE_COLUMNS})


def _cells(data: bytes, fmt: str) -> list[list[str]]:
    sheet = read_sheet(data, f"x.{fmt}", TEMPLATE)
    return [["" if v is None else str(v) for v in row] for _, row in sheet.rows]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=3), fmt=st.sampled_from(["xlsx", "csv"]))
def test_accepted_rows_export_to_the_same_text_and_reimport_to_the_same_values(enterprises, rows, fmt):
    enterprise = enterprises[0]
    EnterpriseYear.objects.filter(enterprise=enterprise).delete()
    records = [{"uscc": enterprise.uscc, "year": 2020 + i, **r} for i, r in enumerate(rows)]
    data = write_template(TEMPLATE, records, fmt)
    kind, actor = get_kind("enterprise-years"), Actor.system("test")
    report = run_import(kind, data, f"x.{fmt}", actor)
    assert report.ok, report.as_json()["errors"]
    stored = {
        y.year: {c.field: getattr(y, c.field) for c in FIGURE_COLUMNS}
        for y in EnterpriseYear.objects.filter(enterprise=enterprise)
    }
    for record in records:
        assert stored[record["year"]] == {c.field: record[c.field] for c in FIGURE_COLUMNS}
    params = {"q": enterprise.uscc}
    exported, _ = export_bytes(kind, None, fmt, params)
    assert sorted(_cells(exported, fmt)) == sorted(_cells(data, fmt))  # the same cell text
    again = run_import(kind, exported, f"x.{fmt}", actor)
    assert again.ok and again.counts.unchanged == len(records) and again.counts.updated == 0
