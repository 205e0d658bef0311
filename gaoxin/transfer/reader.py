"""Reading .xlsx / .csv files into template records (pure Python, no Django).

``read_sheet(path)`` gives the header row and the data rows with their spreadsheet row numbers (the
header is row 1, so the first data row is row 2; blank rows are skipped but keep their numbers).
``parse_sheet(sheet, template)`` turns each row into ``{field: stored value}`` plus ``_row``, collecting
one :class:`Issue` per bad cell (row, template header, Chinese reason) instead of stopping.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from gaoxin.core.cells import CellError, column_parser, is_empty, parser_for
from gaoxin.core.formula import restore

from .templates import Column, Template, match_headers

ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK


@dataclass(frozen=True)
class Issue:
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self):
        where = "".join([f"第 {self.row} 行" if self.row else "", f"“{self.column}”" if self.column else ""])
        return f"{where}：{self.message}" if where else self.message


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list]]  # (spreadsheet row number, cell values)


@dataclass
class ParsedSheet:
    records: list[dict] = field(default_factory=list)  # only rows without cell errors
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    total: int = 0
    fields: set[str] = field(default_factory=set)  # fields present in the file


class FileFormatError(ValueError):
    """The file as a whole cannot be read (wrong type, encoding, no header)."""


def read_sheet(source, filename: str | None = None) -> Sheet:
    """``source``: a path, bytes or a binary file object; ``filename`` tells the type when not a path."""
    if filename is None:
        filename = str(source) if isinstance(source, str | Path) else getattr(source, "name", "") or ""
    data = _bytes(source)
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return _sheet_from_rows(_csv_rows(data))
    if suffix in (".xlsx", ".xlsm") or data[:2] == b"PK":
        return _sheet_from_rows(_xlsx_rows(data))
    raise FileFormatError("仅支持 .xlsx 或 .csv 文件")


def _bytes(source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    data = source.read()
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _csv_rows(data: bytes) -> Iterator[list]:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return iter(csv.reader(io.StringIO(text, newline="")))
    raise FileFormatError("CSV 文件编码无法识别，请保存为 UTF-8 或 GBK 编码")


def _xlsx_rows(data: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise FileFormatError("无法读取 Excel 文件，请确认是 .xlsx 格式且未加密")
    sheet = workbook.worksheets[0]
    try:
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _sheet_from_rows(rows: Iterator[list]) -> Sheet:
    headers = None
    body = []
    for number, row in enumerate(rows, start=1):
        if headers is None:
            if number == 1:
                headers = ["" if v is None else str(v).strip() for v in row]
                if not any(headers):
                    raise FileFormatError("第 1 行应为表头")
            continue
        if all(is_empty(v) for v in row):
            continue
        body.append((number, [restore(v) for v in row]))  # an exported '=… cell back to =…
    if headers is None:
        raise FileFormatError("文件为空")
    return Sheet(headers, body)


def parse_sheet(
    sheet: Sheet,
    template: Template,
    progress: Callable[[int], None] | None = None,
    checks: dict[str, Callable] | None = None,
) -> ParsedSheet:
    """Parse every mapped column, column by column (a tight ``map`` per column; cell by cell only for a
    column that has a bad cell). ``checks`` (field → callable) post-process parsed values and may raise
    CellError, reported like a parse error (e.g. a model's length or range limits)."""
    match = match_headers(sheet.headers, template)
    result = ParsedSheet(total=len(sheet.rows), fields=match.fields)
    result.warnings += [Issue(None, h, "模板中没有此列，已忽略") for h in match.extra]
    result.errors += [Issue(None, h, "重复的列") for h in match.duplicate]
    result.errors += [Issue(1, c.header, "缺少必填列") for c in match.missing]
    if match.missing or match.duplicate or not sheet.rows:
        return result
    numbers = [n for n, _ in sheet.rows]
    width = len(sheet.headers)
    cells = list(zip(*[_fit(row, width) for _, row in sheet.rows], strict=True))
    bad: set[int] = set()
    names, columns = [], []
    total, parts = len(sheet.rows), len(match.mapped)
    for i, (index, column, unit) in enumerate(match.mapped):
        check = (checks or {}).get(column.field)
        values = _parse_column(cells[index], column, unit, check, numbers, result.errors, bad)
        names.append(column.field)
        columns.append(values)
        if progress:  # each column is a share of the rows; the shares add up to exactly the rows
            progress(total * (i + 1) // parts - total * i // parts)
    keys = ["_row", *names]
    result.records = [
        dict(zip(keys, row, strict=True)) for row in zip(numbers, *columns, strict=True) if row[0] not in bad
    ]
    return result


def _fit(row, width: int):
    if len(row) == width:
        return row
    return list(row[:width]) + [None] * (width - len(row))


def _parse_column(raw: tuple, column: Column, unit, check, numbers, errors: list, bad: set) -> list:
    whole = column_parser(column.type, unit or column.unit, column.choices)
    values = _map_cells(cell_parser(column, unit), raw, numbers, column, errors, bad, whole)
    if check is not None:
        values = _map_cells(check, values, numbers, column, errors, bad)
    if column.required:
        for number, value in zip(numbers, values, strict=True):
            if value is None or value == "":
                errors.append(Issue(number, column.header, "为必填项，不能为空"))
                bad.add(number)
    return values


def _map_cells(function, cells, numbers, column: Column, errors: list, bad: set, whole=None) -> list:
    """``function`` over a column in one ``map`` (or ``whole``, the column's own reader); cell by cell
    (collecting errors) only if one fails."""
    try:
        return whole(cells) if whole else list(map(function, cells))
    except (CellError, ArithmeticError):  # the cell-by-cell pass below says which cells, or re-raises
        pass
    values = []
    for number, cell in zip(numbers, cells, strict=True):
        try:
            values.append(function(cell))
        except CellError as exc:
            errors.append(Issue(number, column.header, str(exc)))
            bad.add(number)
            values.append(None)
    return values


def cell_parser(column: Column, unit: str | None = None) -> Callable:
    """value → stored value for ``column`` (with the header's money unit)."""
    return parser_for(column.type, unit or column.unit, column.choices)


def read_table(source, template: Template, filename: str | None = None) -> ParsedSheet:
    """read_sheet + parse_sheet: the records of a file under ``template`` (or a union of templates)."""
    return parse_sheet(read_sheet(source, filename), template)
