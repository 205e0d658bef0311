"""Caps checked before an import file is parsed (page, API and CLI all pass through importer._run):
the upload size, the uncompressed size an xlsx declares (a zip bomb is refused without inflating it), and
the number of data rows (zone setting ``import_max_rows``, default 200,000), counted by streaming the sheet
XML in small chunks — so a refused file never reaches openpyxl or Polars and memory stays bounded."""

from __future__ import annotations

import io
import re
import zipfile

from gaoxin.core import limits

from .reader import FileFormatError

CHUNK = 1 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')
_ROW = re.compile(rb"<(?:\w+:)?row[ >]")


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def oversized(size: int) -> str | None:
    """The refusal of an upload of ``size`` bytes over the cap, else None (the API asks this before it
    reads the upload into memory; check_file asks it of the bytes on every path)."""
    if size > limits.IMPORT_MAX_UPLOAD_BYTES:
        return (
            f"文件过大（{_megabytes(size)}），导入文件不能超过 {_megabytes(limits.IMPORT_MAX_UPLOAD_BYTES)}"
        )
    return None


def check_file(data: bytes, filename: str, zone) -> None:
    """Raise FileFormatError (a Chinese sentence naming the cap) when the file exceeds one."""
    if message := oversized(len(data)):
        raise FileFormatError(message)
    max_rows = limits.zone_limit(zone, "import_max_rows")
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
    else:
        rows = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if rows - 1 > max_rows:  # the header row is not data
        raise FileFormatError(
            f"文件约有 {rows - 1:,} 行数据，超过单次导入上限 {max_rows:,} 行（园区设置“单次导入行数上限”），请拆分后分批导入"
        )


def _xlsx_rows(data: bytes) -> int:
    """The rows of the largest worksheet, from its declared dimension or by counting <row> elements."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise FileFormatError("无法读取 Excel 文件，请确认是 .xlsx 格式且未加密")
    declared = sum(m.file_size for m in members)
    if declared > limits.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise FileFormatError(
            f"Excel 文件解压后达 {_megabytes(declared)}，超过 {_megabytes(limits.IMPORT_MAX_UNCOMPRESSED_BYTES)}"
            "的上限，请删除多余内容或拆分后导入"
        )
    for m in members:
        inflates = m.compress_size and m.file_size / m.compress_size > limits.IMPORT_MAX_COMPRESSION_RATIO
        if inflates and m.file_size > 10 * CHUNK:
            raise FileFormatError("Excel 文件压缩比异常（疑似压缩炸弹），已拒绝导入")
    sheets = [m for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
    return max((_sheet_rows(archive, m) for m in sheets), default=0)


def _sheet_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> int:
    count, tail = 0, b""
    with archive.open(member) as stream:
        first = True
        while chunk := stream.read(CHUNK):
            if first:
                first = False
                if found := _DIMENSION.search(chunk[:4096]):
                    declared = int(found.group(1))
                    if declared > 1:  # openpyxl writes A1:A1 for streamed sheets: count instead
                        return declared
            block = tail + chunk
            count += len(_ROW.findall(block))
            tail = block[-8:]
            count -= len(_ROW.findall(tail))  # counted again at the start of the next block
    return count + len(_ROW.findall(tail))
