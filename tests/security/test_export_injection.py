"""Issue 14 item 6: formula injection — every csv/xlsx export writes a text cell starting with = + - @ tab
or CR with a leading ', the stored value is unchanged, and importing the export gives the stored text back."""

from __future__ import annotations

import csv
import io

import pytest

NASTY = [
    '=HYPERLINK("http://evil","点我")',
    "+86-27-1234",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTAB",
    "\rCR",
    "'=already",
]


@pytest.mark.parametrize("text", [*NASTY, "普通文本", "'plain", "-12.5", "+3", "=", "''=x"])
def test_neutralise_then_restore_is_the_identity(text):
    from gaoxin.core.formula import TRIGGERS, neutralise, restore

    written = neutralise(text)
    assert restore(written) == text
    assert not (written.startswith(TRIGGERS) and written not in ("-12.5", "+3"))


def test_numbers_are_not_quoted():
    from gaoxin.core.formula import neutralise

    assert neutralise("-12.5") == "-12.5" and neutralise(-3) == -3


@pytest.fixture
def poisoned(firm):
    from gaoxin.registry.models import Enterprise

    Enterprise.objects.filter(pk=firm.pk).update(name=NASTY[0], address=NASTY[3], contact_name=NASTY[1])
    firm.refresh_from_db()
    return firm


def test_xlsx_export_has_no_live_formula(client_for, poisoned):
    from openpyxl import load_workbook

    response = client_for("leader").get("/enterprises/export/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell is a formula"
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + NASTY[0] in texts and "'" + NASTY[3] in texts
    poisoned.refresh_from_db()
    assert poisoned.name == NASTY[0]  # the stored value is unchanged


def test_csv_and_xlsx_round_trip_is_lossless():
    from gaoxin.transfer.reader import read_sheet
    from gaoxin.transfer.writer import write_csv, write_xlsx

    rows = [[text, "x"] for text in NASTY]
    for name, data in (
        ("a.csv", write_csv(["名称", "备注"], rows)),
        ("a.xlsx", write_xlsx(["名称", "备注"], rows)),
    ):
        if name == "a.csv":
            written = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1:]
            assert all(row[0].startswith("'") for row in written), written
        sheet = read_sheet(data, name)
        assert [row[0] for _, row in sheet.rows] == NASTY, name


def test_one_time_passwords_never_need_the_quote():
    """The password sheet is an xlsx export: a password starting with = or + would show a leading '."""
    from gaoxin.core.formula import neutralise
    from gaoxin.organization.onboarding_actions import one_time_password

    assert all(neutralise(p) == p for p in (one_time_password() for _ in range(500)))
