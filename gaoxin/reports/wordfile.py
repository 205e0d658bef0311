"""The bulletin and the 经济运行 report as an editable Word file (python-docx), laid out as a 公文: the red
head (发文机关), the 文号 over a red rule, the title, the body, then the 落款 and the 印发日期 on the right.

A document is a list of blocks: ``("h", text)`` a numbered heading, ``("p", text)`` a paragraph,
``("table", headers, rows)`` a table."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .official import date_text

RED = RGBColor(0xC0, 0x00, 0x00)
FONT = "仿宋_GB2312"
HEAD_FONT = "方正小标宋简体"


def _run(paragraph, text: str, size: float, font: str = FONT, colour=None, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = font
    run.font.bold = bold
    # East-Asian text takes the eastAsia font, not the ASCII one Word shows in its font box.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _red_rule(paragraph) -> None:
    """The red line under the 文号 (a bottom border on its paragraph)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "18"), ("space", "4"), ("color", "C00000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _centred(document, text: str, size: float, **style):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, size, **style)
    return paragraph


def _right(document, text: str):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(paragraph, text, 16)
    return paragraph


def _table(document, headers: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _run(cell.paragraphs[0], header, 10.5, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            _run(cell.paragraphs[0], "" if value is None else str(value), 10.5)


def docx_bytes(parts: dict, title: str, blocks: list[tuple]) -> bytes:
    document = Document()
    _centred(document, parts["issuer"], 26, font=HEAD_FONT, colour=RED, bold=True)
    _red_rule(_centred(document, parts["number"], 16))
    _centred(document, title, 22, font=HEAD_FONT)
    for block in blocks:
        if block[0] == "h":
            _run(document.add_paragraph(), block[1], 16, font="黑体")
        elif block[0] == "p":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            _run(paragraph, block[1], 16)
        else:
            _table(document, block[1], block[2])
    document.add_paragraph()
    _right(document, parts["signature"])
    _right(document, date_text(parts["issued_on"]))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
