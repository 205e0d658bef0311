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


def _column_cells(kind: str, values: list, for_csv: bool) -> list:
    """One column's stored values as the file's cells: ``cell_value`` and then, for xlsx, ``_xlsx_cell``
    (formula neutralising, Decimal to float) — in one comprehension per column type, without a call per
    cell for the common values (an export of 100,000 year rows has 4 million cells)."""
    D, S = Decimal, str
    if kind == "bool":
        empty = "" if for_csv else None
        return [empty if v is None else "是" if v else "否" for v in values]
    if for_csv:
        return [
            "" if v is None
            else format(v.normalize(), "f") if type(v) is D
            else v.isoformat() if isinstance(v, dt.date)
            else neutralise(v) if type(v) is S
            else v
            for v in values
        ]  # fmt: skip
    if kind == "money":
        # A money value is whole 分 (MoneyField stores nothing else): below 10^13 元 it has 15 significant
        # digits at most, so its float is exact (as _xlsx_cell decides, without counting digits per cell).
        return [
            v if v is None
            else f if type(v) is D and -1e13 < (f := float(v)) < 1e13 and v == v.quantize(_CENT)
            else _xlsx_cell(v)
            for v in values
        ]  # fmt: skip
    return [v if v is None else _xlsx_cell(v) for v in values]


_CENT = Decimal("0.01")


def template_columns(template: Template, records: list[dict], for_csv: bool = False) -> list[list]:
    """The records' cells, column by column (see ``_column_cells``)."""
    return [_column_cells(c.type, [r.get(c.field) for r in records], for_csv) for c in template.columns]


def _rows(columns: list[list]) -> list[list]:
    return [list(row) for row in zip(*columns, strict=True)] if columns else []


#: Column types the Rust writer takes from a Polars frame exactly as it writes the same Python cells.
_FRAME_TYPES = {"String", "Int64", "Float64", "Null"}


def _write_columns(headers: list[str], columns: list[list], title: str) -> bytes:
    """write_xlsx of converted cells given column by column: when every column holds one type of cell
    (text, whole numbers, floats — an export's usual shape) the Rust writer reads them as a Polars frame
    (Arrow columns: no dict per row); otherwise, or without the Rust writer, row by row."""
    if columns and columns[0] and len(set(headers)) == len(headers) and all(headers):
        frame = _frame(headers, columns)
        if frame is not None:
            import rustpy_xlsxwriter

            buffer = io.BytesIO()
            rustpy_xlsxwriter.write_worksheet(
                frame, buffer, sheet_name=_sheet_title(title), bold_headers=True,
                datetime_format="yyyy-mm-dd hh:mm:ss",
            )  # fmt: skip
            return buffer.getvalue()
    return _write_cells(headers, _rows(columns), title)


def _frame(headers: list[str], columns: list[list]):
    try:
        import polars as pl
        import rustpy_xlsxwriter  # noqa: F401
    except ImportError:
        return None
    try:
        frame = pl.DataFrame(dict(zip(headers, columns, strict=True)), strict=True)
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):  # a column of mixed cells
        return None
    if not all(str(dtype) in _FRAME_TYPES for dtype in frame.dtypes):
        return None
    return frame


def write_xlsx(headers: list[str], rows: Iterable[list], title: str = "Sheet1") -> bytes:
    """An .xlsx of one sheet. Text is always written as text: never turned into a formula, a number or a
    link. Written by rustpy-xlsxwriter (Rust, ~8× faster than xlsxwriter) when the headers are distinct
    and there are rows, else by xlsxwriter in constant-memory mode (row by row to a temporary file)."""
    rows = [list(map(_xlsx_cell, row)) for row in rows]  # one pass: both writers take these cells as they are
    return _write_cells(headers, rows, title)


def _write_cells(headers: list[str], rows: list[list], title: str) -> bytes:
    """write_xlsx of rows whose cells are already converted (``_xlsx_cell``)."""
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


def _write_csv_cells(headers: list[str], rows: list[list]) -> bytes:
    """write_csv of rows whose cells are already neutralised (``_column_cells``)."""
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer)
    out.writerow(headers)
    out.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_template(template: Template, records: Iterable[dict], fmt: str = "xlsx") -> bytes:
    """``records`` ({field: stored value}) under the template's headers, as .xlsx or .csv bytes."""
    records = records if isinstance(records, list) else list(records)
    if fmt == "csv":
        return _write_csv_cells(template.headers, _rows(template_columns(template, records, for_csv=True)))
    return _write_columns(template.headers, template_columns(template, records), template.title)


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
