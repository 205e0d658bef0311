"""The watermark of an export that carries personal data (issue 14 item 15): the viewer's name and the
time in the print header and footer of every sheet, so a printed or forwarded file names its source.

Written into the finished .xlsx (a ``<headerFooter>`` element in each worksheet part) rather than by the
writer, so the fast Rust writer and the xlsxwriter fallback both get it and neither needs to know. A .csv
has nowhere to carry it; the export's audit row (who, when, how many rows) is its trace.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from gaoxin.core.masking import PERSONAL_FIELDS, may_see

_WORKSHEET = re.compile(r"^xl/worksheets/sheet\d+\.xml$")
#: Elements a <headerFooter> must follow (CT_Worksheet's sequence), the last one present wins.
_AFTER = re.compile(rb"<pageSetup\b[^>]*?(?:/>|>.*?</pageSetup>)|<pageMargins\b[^>]*?/>", re.S)
#: Elements it must precede, when none of the above is present.
_BEFORE = re.compile(rb"<(?:rowBreaks|colBreaks|customProperties|ignoredErrors|drawing|legacyDrawing|"
                     rb"tableParts|extLst)\b|</worksheet>")  # fmt: skip
_EXISTING = re.compile(rb"<headerFooter\b.*?(?:/>|</headerFooter>)", re.S)


def export_watermark(user, fields) -> str:
    """The text to stamp on an export of ``fields`` for ``user``, or "" (no personal data in it, a
    viewer who sees it masked, the CLI, or the zone setting off)."""
    if user is None or not may_see(user) or not set(fields) & set(PERSONAL_FIELDS):
        return ""
    from gaoxin.web.context import watermark_text

    text = watermark_text(user)
    return f"{text} 导出 · 含个人信息，请妥善保管，不得外传" if text else ""


def stamp_xlsx(data: bytes, text: str) -> bytes:
    """``data`` (an .xlsx) with ``text`` centred in the header and footer of every worksheet."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if _WORKSHEET.match(info.filename):
                content = _with_header_footer(content, text)
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _with_header_footer(sheet: bytes, text: str) -> bytes:
    code = escape(text.replace("&", "&&")).encode()  # && is a literal & in header codes
    element = b"<headerFooter><oddHeader>&amp;C" + code + b"</oddHeader><oddFooter>&amp;C" + code
    element += b" &amp;P/&amp;N</oddFooter></headerFooter>"  # page n of N in the footer
    sheet = _EXISTING.sub(b"", sheet)
    anchors = list(_AFTER.finditer(sheet))
    if anchors:
        at = anchors[-1].end()
    else:
        at = _BEFORE.search(sheet).start()
    return sheet[:at] + element + sheet[at:]
