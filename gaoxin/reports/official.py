"""What an office sends out (公文要素): 红头 (issuing body), 文号, 落款 and 印发日期, from the zone's settings.

Settings (``Zone.settings``, edited on 园区设置): ``document_issuer`` (the red head), ``document_signature``
(the sign-off), ``document_number_monthly`` / ``document_number_economy`` (文号 patterns with ``{year}`` and
``{month}``) and ``document_issue_day`` (the day of the following month the bulletin is issued on).
"""

from __future__ import annotations

import datetime as dt

ISSUER = "document_issuer"
SIGNATURE = "document_signature"
NUMBER = {"monthly": "document_number_monthly", "economy": "document_number_economy"}
ISSUE_DAY = "document_issue_day"
DEFAULT_ISSUE_DAY = 5
DEFAULT_NUMBER = {"monthly": "{short}通〔{year}〕{month}号", "economy": "{short}经〔{year}〕{month}号"}
KINDS = {"monthly": "重点项目推进情况通报", "economy": "经济运行情况"}


class DocumentError(ValueError):
    """A 文号 pattern that cannot be filled in (a Chinese message for the settings page and the CLI)."""


def default_issuer(zone) -> str:
    return zone.name if zone.name.endswith(("管委会", "管理委员会")) else f"{zone.name}管理委员会"


def number_text(pattern: str, zone, month_first: dt.date) -> str:
    short = zone.short_name or zone.name
    try:
        return pattern.format(year=month_first.year, month=month_first.month, short=short)
    except (KeyError, IndexError, ValueError) as exc:
        raise DocumentError(f"文号格式“{pattern}”无法填写（只可使用 {{year}}、{{month}}、{{short}}）：{exc}")


def issue_date(zone, month_first: dt.date) -> dt.date:
    """The day of the following month the document goes out (clamped to that month's length)."""
    day = int(zone.setting(ISSUE_DAY, DEFAULT_ISSUE_DAY))
    nxt = (month_first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last = ((nxt.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)).day
    return nxt.replace(day=max(1, min(day, last)))


def document_parts(
    zone, month_first: dt.date, kind: str = "monthly", issued_on: dt.date | None = None
) -> dict:
    """The 公文 parts of one document of ``kind`` (monthly bulletin or 经济运行 report) for a month."""
    issuer = zone.setting(ISSUER) or default_issuer(zone)
    pattern = zone.setting(NUMBER[kind]) or DEFAULT_NUMBER[kind]
    return {
        "issuer": issuer,
        "number": number_text(pattern, zone, month_first),
        "signature": zone.setting(SIGNATURE) or issuer,
        "issued_on": issued_on or issue_date(zone, month_first),
    }


def date_text(day: dt.date) -> str:
    """印发日期 as written on a 公文: 2026年7月5日."""
    return f"{day.year}年{day.month}月{day.day}日"
