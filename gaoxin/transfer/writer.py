"""Writing template rows to .xlsx / .csv (pure Python, no Django): exports, blank templates and the
error report. Exports use the template headers and stored units (money in 元), so export → import is a
lossless round trip.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from gaoxin.core.formula import neutralise

from .reader import Issue, Sheet
from .templates import Template

ERROR_HEADER = "错误说明"


def cell_value(kind: str, value, for_csv: bool = False):
    """A stored value as written to a file cell."""
    if value is None:
        return "" if for_csv else None
    if kind == "bool":
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if for_csv else value
    if for_csv and isinstance(value, dt.date):
        return value.isoformat()
    return value


def table_rows(template: Template, records: Iterable[dict], for_csv: bool = False):
    columns = [(c.field, c.type) for c in template.columns]
    for record in records:
        yield [cell_value(kind, record.get(name), for_csv) for name, kind in columns]


def write_xlsx(headers: list[str], rows: Iterable[list], title: str = "Sheet1") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(sheet, value=h)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        return neutralise(value)  # never a live formula (gaoxin.core.formula)
    if isinstance(value, Decimal):
        # a float keeps up to 15 significant digits exactly; longer numbers go as text (still importable)
        return float(value) if len(value.as_tuple().digits) <= 15 else format(value, "f")
    return value


def write_csv(headers: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer)
    out.writerow(headers)
    out.writerows([neutralise(v) for v in row] for row in rows)  # never a live formula
    return buffer.getvalue().encode("utf-8-sig")


def write_template(template: Template, records: Iterable[dict], fmt: str = "xlsx") -> bytes:
    """``records`` ({field: stored value}) under the template's headers, as .xlsx or .csv bytes."""
    if fmt == "csv":
        return write_csv(template.headers, table_rows(template, records, for_csv=True))
    return write_xlsx(template.headers, table_rows(template, records), template.title)


def error_report(sheet: Sheet, issues: list[Issue]) -> bytes:
    """The uploaded rows as they were, plus an 错误说明 column naming each bad cell and why."""
    by_row: dict[int | None, list[str]] = {}
    for issue in issues:
        text = f"“{issue.column}”：{issue.message}" if issue.column else issue.message
        key = issue.row if issue.row and issue.row > 1 else None
        by_row.setdefault(key, []).append(text)
    width = len(sheet.headers)
    rows = [_pad(row, width) + ["；".join(by_row.get(number, []))] for number, row in sheet.rows]
    if by_row.get(None):
        rows.append([None] * width + ["；".join(by_row[None])])
    return write_xlsx([*sheet.headers, ERROR_HEADER], rows, "错误报告")


def _pad(row: list, width: int) -> list:
    row = list(row[:width])
    return row + [None] * (width - len(row))
