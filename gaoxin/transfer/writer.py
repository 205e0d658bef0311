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

from gaoxin.core.formula import TRIGGERS, neutralise

from .reader import Issue, Sheet
from .sheet_templates import Template

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
    """An .xlsx of one sheet. Text is always written as text: never turned into a formula, a number or a
    link. Written by rustpy-xlsxwriter (Rust, ~8× faster than xlsxwriter) when the headers are distinct
    and there are rows, else by xlsxwriter in constant-memory mode (row by row to a temporary file)."""
    rows = [list(map(_xlsx_cell, row)) for row in rows]  # one pass: both writers take these cells as they are
    if rows and len(set(headers)) == len(headers) and all(headers):
        try:
            import rustpy_xlsxwriter
        except ImportError:
            rustpy_xlsxwriter = None
        if rustpy_xlsxwriter is not None:
            return _write_xlsx_rust(rustpy_xlsxwriter, headers, rows, title)
    return _write_xlsx_python(headers, rows, title)


def _write_xlsx_rust(module, headers: list[str], rows: list[list], title: str) -> bytes:
    records = [dict(zip(headers, row, strict=False)) for row in rows]
    buffer = io.BytesIO()
    module.write_worksheet(
        records,
        buffer,
        sheet_name=_sheet_title(title),
        bold_headers=True,
        datetime_format="yyyy-mm-dd hh:mm:ss",
    )
    return buffer.getvalue()


def _write_xlsx_python(headers: list[str], rows: list[list], title: str) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "in_memory": False,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
            "remove_timezone": True,
        },
    )
    sheet = workbook.add_worksheet(_sheet_title(title))
    sheet.write_row(0, 0, headers, workbook.add_format({"bold": True}))
    moments = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    write_row, number = sheet.write_row, 1
    for row in rows:
        write_row(number, 0, row)
        if dt.datetime in set(map(type, row)):  # a date with a time: shown with its time
            for i, v in enumerate(row):
                if type(v) is dt.datetime:
                    sheet.write_datetime(number, i, v, moments)
        number += 1
    workbook.close()
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in title)[:31]
    return cleaned or "Sheet1"


def _xlsx_cell(value):
    """A value as an xlsx cell: text never a live formula (gaoxin.core.formula: a leading ' before
    = + - @ tab CR); a Decimal as a float, which keeps up to 15 significant digits exactly, and longer
    numbers as text (still importable)."""
    kind = type(value)
    if kind is str:
        return neutralise(value)
    if kind is Decimal:
        return float(value) if len(value.as_tuple().digits) <= 15 else format(value, "f")
    return value


def write_csv(headers: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer)
    out.writerow(headers)
    starts = (*TRIGGERS, "'")  # neutralise changes only a text starting with one of these
    out.writerows(
        [neutralise(v) if isinstance(v, str) and v.startswith(starts) else v for v in row] for row in rows
    )  # never a live formula
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
