"""Reading .xlsx / .xls / .ods / .csv files into template records (pure Python, no Django).

``read_sheet(path, template=…)`` gives the header row and the data rows with their spreadsheet row numbers
(the header is the row holding the template's required headers within the first ten, else row 1; blank
rows and the template's example row are skipped but keep their numbers); ``workbook`` chooses the sheet.
``parse_sheet(sheet, template)`` turns each row into ``{field: stored value}`` plus ``_row``, collecting
one :class:`Issue` per bad cell (row, template header, Chinese reason) instead of stopping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from gaoxin.core.cells import CellError, column_parser, is_empty, parser_for
from gaoxin.core.formula import restore

from .sheet_templates import Column, Template, match_headers
from .workbook import FORMULA_NOT_COMPUTED, FileFormatError, column_letters, fill_merged_headers, read_raw

__all__ = ["FileFormatError", "Issue", "ParsedSheet", "Sheet", "parse_sheet", "read_sheet", "read_table"]

HEADER_SEARCH_ROWS = 10  # the header row is looked for in the first ten rows (title and note rows above it)
#: A data row whose first cell starts with one of these is the template's example row: never imported.
EXAMPLE_MARKS = ("示例", "（示例）", "(示例)", "【示例】")


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
    name: str = ""  # the worksheet read ("" for csv)
    header_row: int = 1
    formulas: list[tuple[int, int]] = field(default_factory=list)  # (row number, column index) uncomputed


@dataclass
class ParsedSheet:
    records: list[dict] = field(default_factory=list)  # only rows without cell errors
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    total: int = 0
    fields: set[str] = field(default_factory=set)  # fields present in the file
    #: Rows with bad cells ({field: value}, a bad cell None) and, per row, the fields whose cell was bad:
    #: kinds that validate them too report every error of a row in one pass.
    partial: list[dict] = field(default_factory=list)
    failed: dict[int, set[str]] = field(default_factory=dict)
    #: The same values column-wise: field → parsed values of every row in order (a bad cell None), and
    #: the rows' spreadsheet numbers — for readers that build a frame (no dict per row).
    columns: dict[str, list] = field(default_factory=dict)
    numbers: list[int] = field(default_factory=list)


def read_sheet(
    source, filename: str | None = None, template: Template | None = None, sheet_name: str | None = None
) -> Sheet:
    """``source``: a path, bytes or a binary file object; ``filename`` tells the type when not a path.
    With ``template`` the header row is the first of the first ten rows holding the template's required
    headers (title rows, notes and group headers above it are skipped), and the sheet is chosen among the
    visible ones by those headers; without, the header is row 1."""
    if filename is None:
        filename = str(source) if isinstance(source, str | Path) else getattr(source, "name", "") or ""
    data = _bytes(source)
    fits = (lambda rows: _header_index(rows, template) is not None) if template is not None else None
    raw = read_raw(data, filename, fits, sheet_name)
    fill_merged_headers(raw.rows, raw.merged)
    index = _header_index(raw.rows[:HEADER_SEARCH_ROWS], template) if template is not None else None
    sheet = _sheet_from_rows(raw.rows, index or 0)
    sheet.name = raw.name
    sheet.formulas = [(r + 1, c) for r, c in raw.formulas if r + 1 > sheet.header_row]
    return sheet


def _header_index(rows: list[list], template: Template) -> int | None:
    """The index of the row holding every required header of ``template`` and the most of its other
    headers (a group-header row above the real one may hold the required ones, merged down), or None."""
    best, most = None, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        match = match_headers(row, template)
        if len(match.mapped) > most and not match.missing:
            best, most = index, len(match.mapped)
    return best


def _bytes(source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    data = source.read()
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _is_example(row: list) -> bool:
    first = row[0] if row else None
    return isinstance(first, str) and first.lstrip().startswith(EXAMPLE_MARKS)


def _sheet_from_rows(rows: list[list], header_index: int = 0) -> Sheet:
    if not rows:
        raise FileFormatError("文件为空")
    headers = ["" if v is None else str(v).strip() for v in rows[header_index]]
    if not any(headers):
        raise FileFormatError(f"第 {header_index + 1} 行应为表头")
    body, text = [], str
    for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if all(is_empty(v) for v in row) or _is_example(row):
            continue
        # an exported '=… cell back to =… (restore only where a text starts with ': most cells do not)
        body.append((number, [restore(v) if type(v) is text and v[:1] == "'" else v for v in row]))
    return Sheet(headers, body, header_row=header_index + 1)


def parse_sheet(
    sheet: Sheet,
    template: Template,
    progress: Callable[[int], None] | None = None,
    checks: dict[str, Callable] | None = None,
    records: bool = True,
) -> ParsedSheet:
    """Parse every mapped column, column by column (a tight ``map`` per column; cell by cell only for a
    column that has a bad cell). ``checks`` (field → callable) post-process parsed values and may raise
    CellError, reported like a parse error (e.g. a model's length or range limits). ``records=False``:
    only ``columns`` (no dict per row)."""
    match = match_headers(sheet.headers, template)
    result = ParsedSheet(total=len(sheet.rows), fields=match.fields)
    result.warnings += [Issue(None, h, "模板中没有此列，已忽略") for h in match.extra]
    result.errors += [Issue(None, h, "重复的列") for h in match.duplicate]
    result.errors += [Issue(1, c.header, "缺少必填列") for c in match.missing]
    if match.missing or match.duplicate or not sheet.rows:
        return result
    numbers = [n for n, _ in sheet.rows]
    width = len(sheet.headers)
    bad: dict[int, set[str]] = {}  # row → fields whose cell is bad
    by_index = {index: column for index, column, _ in match.mapped}
    for number, index in sheet.formulas:
        if index in by_index:
            where = f"单元格 {column_letters(index)}{number}"
            result.errors.append(Issue(number, by_index[index].header, f"{where}：{FORMULA_NOT_COMPUTED}"))
            bad.setdefault(number, set()).add(by_index[index].field)
    cells = list(zip(*[_fit(row, width) for _, row in sheet.rows], strict=True))
    names, columns = [], []
    total, parts = len(sheet.rows), len(match.mapped)
    for i, (index, column, unit) in enumerate(match.mapped):
        check = (checks or {}).get(column.field)
        values = _parse_column(cells[index], column, unit, check, numbers, result.errors, bad)
        names.append(column.field)
        columns.append(values)
        if progress:  # each column is a share of the rows; the shares add up to exactly the rows
            progress(total * (i + 1) // parts - total * i // parts)
    result.columns, result.numbers, result.failed = dict(zip(names, columns, strict=True)), numbers, bad
    if not records:
        return result
    keys = ["_row", *names]
    for row in zip(numbers, *columns, strict=True):
        record = dict(zip(keys, row, strict=True))
        if row[0] in bad:
            for name in bad[row[0]]:
                record[name] = None
            result.partial.append(record)
        else:
            result.records.append(record)
    result.failed = bad
    return result


def _fit(row, width: int):
    if len(row) == width:
        return row
    return list(row[:width]) + [None] * (width - len(row))


def _parse_column(raw: tuple, column: Column, unit, check, numbers, errors: list, bad: dict) -> list:
    whole = column_parser(column.type, unit or column.unit, column.choices)
    values = _map_cells(cell_parser(column, unit), raw, numbers, column, errors, bad, whole)
    if check is not None:
        values = _map_cells(check, values, numbers, column, errors, bad)
    if column.required:  # an invalid cell already has its message: "为必填项" only for an empty one
        for number, value in zip(numbers, values, strict=True):
            if (value is None or value == "") and column.field not in bad.get(number, ()):
                errors.append(Issue(number, column.header, "为必填项，不能为空"))
                bad.setdefault(number, set()).add(column.field)
    return values


def _map_cells(function, cells, numbers, column: Column, errors: list, bad: dict, whole=None) -> list:
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
            bad.setdefault(number, set()).add(column.field)
            values.append(None)
        except ArithmeticError:  # a number the decimal context cannot handle (e.g. 1e99999)
            errors.append(Issue(number, column.header, f"“{cell}”不是可以存储的数值"))
            bad.setdefault(number, set()).add(column.field)
            values.append(None)
    return values


def cell_parser(column: Column, unit: str | None = None) -> Callable:
    """value → stored value for ``column`` (with the header's money unit)."""
    return parser_for(column.type, unit or column.unit, column.choices)


def read_table(
    source,
    template: Template,
    filename: str | None = None,
    sheet_name: str | None = None,
    records: bool = True,
) -> ParsedSheet:
    """read_sheet + parse_sheet: the records of a file under ``template`` (or a union of templates)."""
    return parse_sheet(read_sheet(source, filename, template, sheet_name), template, records=records)
