"""Server-rendered SVG charts for the PDF bulletin (no browser, no JavaScript)."""

from __future__ import annotations

from html import escape

FONT = "Noto Sans CJK SC, sans-serif"


def hbar(
    rows: list[tuple[str, float]], title: str, fmt=lambda v: f"{v:.0f}", colour="#206bc4", width=520
) -> str:
    """A horizontal bar chart: one labelled bar per (label, value)."""
    bar_h, gap, left, top = 16, 6, 130, 28
    height = top + len(rows) * (bar_h + gap) + 10
    peak = max((v for _, v in rows), default=0) or 1
    span = width - left - 70
    parts = [_head(width, height), _title(title)]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(value / peak * span, 0)
        parts.append(_text(left - 6, y + 12, label[:10], anchor="end"))
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}" rx="2"/>')
        parts.append(_text(left + w + 4, y + 12, fmt(value)))
    return "".join(parts) + "</svg>"


def stacked(rows: list[tuple[str, list[float]]], series: list[tuple[str, str]], title: str, width=520) -> str:
    """A horizontal 100 % stacked bar per row; ``series`` = [(name, colour)] for the legend."""
    bar_h, gap, left, top = 16, 6, 130, 46
    height = top + len(rows) * (bar_h + gap) + 10
    span = width - left - 20
    parts = [_head(width, height), _title(title)]
    for j, (name, colour) in enumerate(series):
        x = left + j * 90
        parts.append(f'<rect x="{x}" y="24" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, 33, name))
    for i, (label, values) in enumerate(rows):
        y, x, total = top + i * (bar_h + gap), left, sum(values) or 1
        parts.append(_text(left - 6, y + 12, label[:10], anchor="end"))
        for value, (_, colour) in zip(values, series, strict=True):
            w = value / total * span
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
            x += w
    return "".join(parts) + "</svg>"


def _head(width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11">'
    )


def _title(text: str) -> str:
    return f'<text x="4" y="15" font-size="13" font-weight="bold">{escape(text)}</text>'


def _text(x, y, text, anchor="start") -> str:
    return f'<text x="{x:.1f}" y="{y}" text-anchor="{anchor}" fill="#333">{escape(str(text))}</text>'
