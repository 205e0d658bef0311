"""Reading a spreadsheet file into rows (pure Python, no Django): .xlsx/.xlsm/.xls/.ods via python-calamine
(Rust, ~8× faster than openpyxl), .csv via the csv module.

- The sheet: the one chosen by name; else the one visible worksheet holding the template's headers; else
  the active visible one. Hidden sheets are never read unless chosen; several visible sheets with the
  template's headers are refused (the person must say which).
- Formulas without a cached value (written by a program, never opened in an office suite) read as empty
  in every reader: the sheet's XML is scanned for ``<f>`` without ``<v>`` so each such cell is reported.
- An unreadable file's error names the format found (PDF, Word, HTML page, encrypted workbook …).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from gaoxin.core.cells import is_empty

ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also encrypted .xlsx / .doc
FORMULA_NOT_COMPUTED = "公式未计算，请在 Excel 中打开并保存后再导入"
SUPPORTED = "请另存为 .xlsx、.xls、.ods 或 .csv 后再导入"


class FileFormatError(ValueError):
    """The file as a whole cannot be read (wrong type, encoding, no header, sheet not chosen)."""

    def __init__(self, message: str, sheets: list[str] | None = None):
        super().__init__(message)
        self.sheets = sheets or []  # the sheets the person may choose from, when that is what is missing


@dataclass
class RawSheet:
    name: str  # "" for csv
    rows: list[list]  # every row from the sheet's first row (row i is spreadsheet row i + 1)
    formulas: list[tuple[int, int]]  # (row index, column index) of formulas without a cached value
    merged: list  # calamine's ((first row, first col), (last row, last col)), zero-based


def sniff(data: bytes, filename: str) -> str:
    """The file's format from its first bytes (and name): xlsx, ods, xls, csv, or what else it is."""
    lower = filename.lower()
    if data[:4] == b"PK\x03\x04":
        if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in data[:120]:
            return "ods"
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "损坏的压缩文件"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsb" if "xl/workbook.bin" in names else "xlsx"
        if "content.xml" in names:
            return "ods" if lower.endswith(".ods") else "OpenDocument 文档（非电子表格）"
        if "word/document.xml" in names:
            return "Word 文档（.docx）"
        if "ppt/presentation.xml" in names:
            return "PowerPoint 演示文稿（.pptx）"
        return "ZIP 压缩包"
    if data[:8] == OLE:
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data[:8192]:
            return "已加密的 Excel 工作簿"
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data[:8192]:
            return "Word 文档（.doc）"
        return "xls"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return "PDF 文档"
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return "网页（HTML，常见于系统导出的“伪 .xls”）"
    if head.startswith(b"<?xml"):
        return "XML 文件（如 Excel 2003 XML 表格）"
    if head.startswith(b"{\\rtf"):
        return "RTF 文档"
    if data[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"GIF8"):
        return "图片"
    if lower.endswith((".csv", ".txt")) or b"\x00" not in data[:4096]:
        return "csv"
    return "未知格式"


def read_raw(data: bytes, filename: str, fits=None, sheet_name: str | None = None) -> RawSheet:
    """The rows of the sheet to import. ``fits(rows)`` says whether a sheet's first rows hold the
    template's headers (to choose among visible sheets); ``sheet_name`` chooses one outright."""
    found = sniff(data, filename)
    if found == "csv":
        return RawSheet("", _csv_rows(data), [], [])
    if found not in ("xlsx", "xls", "ods", "xlsb"):
        raise FileFormatError(f"无法读取该文件：内容为{found}，{SUPPORTED}")
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        raise FileFormatError(f"无法读取该 {found} 文件（文件可能已损坏或已加密），{SUPPORTED}")
    try:
        meta = workbook.sheets_metadata
        sheets = [m for m in meta if m.typ == SheetTypeEnum.WorkSheet]
        visible = [m.name for m in sheets if m.visible == SheetVisibleEnum.Visible]
        loaded: dict[str, tuple] = {}  # name → (sheet, rows): each sheet is parsed once (the costly step)

        def load(name: str) -> tuple:
            if name not in loaded:
                sheet = workbook.get_sheet_by_name(name)
                loaded[name] = (sheet, sheet.to_python(skip_empty_area=False))
            return loaded[name]

        def rows_of(name: str) -> list[list]:
            return load(name)[1]

        name = _choose(sheet_name, [m.name for m in sheets], visible, fits, rows_of, _active(data, found))
        chosen, rows = load(name)
        merged = _merged(chosen)
        loaded.clear()  # the other sheets' rows are not kept
    except FileFormatError:
        raise
    except Exception:
        raise FileFormatError(f"无法读取该 {found} 文件（文件可能已损坏），{SUPPORTED}")
    finally:
        workbook.close()
    formulas = _uncomputed_formulas(data, name) if found == "xlsx" else []
    return RawSheet(name, rows, formulas, merged)


def _merged(sheet) -> list:
    try:
        return list(sheet.merged_cell_ranges or [])
    except Exception:  # not every format keeps them
        return []


def _choose(wanted, names, visible, fits, rows_of, active) -> str:
    if wanted:
        if wanted not in names:
            raise FileFormatError(f"工作簿中没有名为“{wanted}”的工作表（现有：{'、'.join(names)}）")
        return wanted
    if not visible:
        raise FileFormatError("工作簿中没有可见的工作表")
    if fits is not None:
        holding = [n for n in visible if fits(rows_of(n)[:10])]
        if len(holding) > 1:
            raise FileFormatError(
                f"工作簿中有 {len(holding)} 个可见工作表含本模板的表头（{'、'.join(holding)}），"
                "请选择要导入的工作表，或删除、隐藏其余工作表",
                sheets=holding,
            )
        if holding:
            return holding[0]
    if active is not None and 0 <= active < len(names) and names[active] in visible:
        return names[active]
    return visible[0]


def _csv_rows(data: bytes) -> list[list]:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.reader(io.StringIO(text, newline="")))
    raise FileFormatError("CSV 文件编码无法识别，请保存为 UTF-8 或 GBK 编码")


# ---- xlsx internals: the active tab and formulas without cached values --------------------------------

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_FORMULA = re.compile(rb"<f[\s>/]")
_VALUE = re.compile(rb"<v>[^<]|<is>")


def _active(data: bytes, found: str) -> int | None:
    if found != "xlsx":
        return None
    try:
        root = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml"))
        view = root.find("m:bookViews/m:workbookView", _NS)
        return int(view.get("activeTab", "0")) if view is not None else 0
    except Exception:
        return None


def _sheet_path(archive: zipfile.ZipFile, name: str) -> str | None:
    root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rid = None
    for sheet in root.iterfind("m:sheets/m:sheet", _NS):
        if sheet.get("name") == name:
            rid = sheet.get(f"{{{_NS['r']}}}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iterfind("rel:Relationship", _NS):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _uncomputed_formulas(data: bytes, name: str) -> list[tuple[int, int]]:
    """(row, column) of each formula cell of sheet ``name`` without a cached value. One substring test
    when the sheet has no formula at all (every export, most files)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        path = _sheet_path(archive, name)
        xml = archive.read(path) if path else b""
    except Exception:
        return []
    if not _FORMULA.search(xml):
        return []
    found = []
    for match in _CELL.finditer(xml):
        body = match.group(2) or b""
        if _FORMULA.search(body) and not _VALUE.search(body):
            ref = _REF.search(match.group(1))
            if ref:
                found.append((int(ref.group(2)) - 1, column_index(ref.group(1).decode())))
    return found


def column_index(letters: str) -> int:
    index = 0
    for c in letters:
        index = index * 26 + ord(c) - 64
    return index - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def fill_merged_headers(rows: list[list], merged: list, limit: int = 10) -> None:
    """A header merged over several rows (A1:A2 = 统一社会信用代码 above a row of sub-headers) is given to
    each row it covers, in the first ``limit`` rows, so the header row below a group row is complete."""
    for (top, left), (bottom, _right) in merged:
        if top >= limit or top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        for r in range(top + 1, min(bottom, limit - 1, len(rows) - 1) + 1):
            if left < len(rows[r]) and is_empty(rows[r][left]):
                rows[r][left] = value
