"""The 经济运行 section of the monthly bulletin and the 经济运行 report: the indicators report of the month,
as table rows for PDF, xlsx and docx (the figures themselves are computed once, in gaoxin.indicators)."""

from __future__ import annotations

from gaoxin.indicators.lookups import zone_unit
from gaoxin.indicators.report import Scope, ahead_text, percent_text, report

HEADERS = [
    "指标编码",
    "指标名称",
    "计量单位",
    "本月",
    "累计",
    "同比",
    "年度目标",
    "完成率",
    "序时进度",
    "超/欠序时进度",
]


def section(zone, month: str) -> dict:
    """The zone's indicators report for ``month`` (YYYY-MM); the bulletin's month was checked already."""
    if zone_unit(zone) is None:  # a zone without its unit tree has no figures filed yet
        return {"period": month, "unit": zone.short_name or zone.name, "indicators": []}
    return report(Scope.whole_zone(zone), month)


def _shown(value) -> str:
    return "—" if value is None else str(value)


def rows(economy: dict) -> list[list[str]]:
    out = []
    for i in economy["indicators"]:
        out.append(
            [
                i["code"],
                i["name"],
                i["unit"],
                _shown(i["month"]),
                _shown(i["value"]),
                percent_text(i["yoy"]),
                _shown(i["target"]),
                percent_text(i["completion"]),
                percent_text(i["schedule"]),
                ahead_text(i["ahead"]),
            ]
        )
    return out


def sentences(economy: dict) -> list[str]:
    """One sentence per indicator, as a bulletin writes them."""
    out = []
    for i in economy["indicators"]:
        if i["value"] is None:
            continue
        text = f"{i['name']}累计 {i['value']}{i['unit']}，同比 {percent_text(i['yoy'])}"
        if i["month"] is not None:
            text = f"{i['name']}当月 {i['month']}{i['unit']}，" + text[len(i["name"]) :]
        if i["completion"] is not None:
            text += f"，完成年度目标 {percent_text(i['completion'])}"
            if i["ahead"] is not None:
                text += f"，{ahead_text(i['ahead'])}"
        out.append(text + "。")
    return out
