"""Issue 11 item 14: the fast paths of reading and writing keep the slow paths' results."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from openpyxl import Workbook

from gaoxin.transfer import writer
from gaoxin.transfer.reader import read_sheet
from gaoxin.transfer.sheet_templates import load_template

YEAR = load_template("enterprise_year")
CODE = "91420106MA4KYB0012"


def test_the_chosen_sheet_is_parsed_once(monkeypatch):
    """calamine parses a sheet in get_sheet_by_name; the merged-cell read asked for it a second time."""
    from python_calamine import CalamineWorkbook

    book = Workbook()
    book.active.append(["统一社会信用代码", "年度", "职工总数"])
    book.active.append([CODE, 2024, 12])
    buffer = io.BytesIO()
    book.save(buffer)
    calls = []
    original = CalamineWorkbook.get_sheet_by_name

    class Counting:
        def __init__(self, inner):
            self.inner = inner

        def get_sheet_by_name(self, name):
            calls.append(name)
            return original(self.inner, name)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    opened = CalamineWorkbook.from_filelike
    monkeypatch.setattr(CalamineWorkbook, "from_filelike", lambda f: Counting(opened(f)))
    sheet = read_sheet(buffer.getvalue(), "y.xlsx", YEAR)
    assert sheet.rows[0][1][:2] == [CODE, 2024]
    assert len(calls) == 1


def _parts(data: bytes) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def test_the_column_wise_export_writes_what_the_row_wise_one_wrote():
    records = [
        {"uscc": CODE, "year": 2024, "main_business_revenue": Decimal("1234.56"), "staff_total": 12,
         "major_incident": False, "sci_award_level": "省级"},
        {"uscc": "=HYPERLINK(1)", "year": 2023, "main_business_revenue": Decimal("99999999999999.99")},
        {"uscc": CODE, "year": 2022, "main_business_revenue": Decimal("-0.01"), "major_incident": True},
    ]  # fmt: skip
    for rows in (records, records[:1] + records[2:]):  # a column of mixed cells; one type per column
        for fmt in ("xlsx", "csv"):
            slow = (
                writer.write_csv(YEAR.headers, writer.table_rows(YEAR, rows, for_csv=True))
                if fmt == "csv"
                else writer.write_xlsx(YEAR.headers, writer.table_rows(YEAR, rows), YEAR.title)
            )
            fast = writer.write_template(YEAR, rows, fmt)
            assert (fast == slow) if fmt == "csv" else _parts(fast) == _parts(slow)
