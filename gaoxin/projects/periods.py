"""Reporting periods (调度期) and ranking periods (月/季/年)."""

from __future__ import annotations

import datetime as dt

from .choices import Cadence

DEFAULT_GRACE_DAYS = 2  # a report is on time if filed by the period's last day + this many days


def month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def period_of(day: dt.date, cadence: str) -> tuple[dt.date, dt.date]:
    """The (first day, last day) of the weekly (Monday–Sunday) or monthly period containing ``day``."""
    if cadence == Cadence.MONTHLY:
        return day.replace(day=1), month_end(day)
    start = day - dt.timedelta(days=day.weekday())
    return start, start + dt.timedelta(days=6)


def previous_period(day: dt.date, cadence: str) -> tuple[dt.date, dt.date]:
    start, _ = period_of(day, cadence)
    return period_of(start - dt.timedelta(days=1), cadence)


def periods_between(first: dt.date, last: dt.date, cadence: str) -> list[tuple[dt.date, dt.date]]:
    """Every period that ends within [first, last]."""
    out = []
    start, end = period_of(first, cadence)
    while end <= last:
        if end >= first:
            out.append((start, end))
        start, end = period_of(end + dt.timedelta(days=1), cadence)
    return out


def zone_cadence(zone) -> str:
    value = zone.setting("dispatch_cadence", Cadence.WEEKLY) if zone else Cadence.WEEKLY
    return value if value in Cadence.values else Cadence.WEEKLY


def grace_days(zone) -> int:
    return int(zone.setting("dispatch_grace_days", DEFAULT_GRACE_DAYS)) if zone else DEFAULT_GRACE_DAYS


def due_on(period_end: dt.date, zone) -> dt.date:
    return period_end + dt.timedelta(days=grace_days(zone))


def last_due_period(today: dt.date, zone) -> tuple[dt.date, dt.date]:
    """The latest period whose reporting deadline has passed (its missing reports are late)."""
    cadence = zone_cadence(zone)
    start, end = previous_period(today, cadence)
    while due_on(end, zone) >= today:
        start, end = previous_period(start, cadence)
    return start, end


def ranking_period(kind: str, label: str) -> tuple[dt.date, dt.date]:
    """'2026-05' (monthly), '2026-Q2' (quarterly) or '2026' (yearly) → (first day, last day)."""
    try:
        if kind == "monthly":
            first = dt.date.fromisoformat(f"{label}-01")
            return first, month_end(first)
        if kind == "quarterly":
            year, q = label.split("-Q")
            first = dt.date(int(year), 3 * int(q) - 2, 1)
            return first, month_end(dt.date(int(year), 3 * int(q), 1))
        if kind == "yearly":
            return dt.date(int(label), 1, 1), dt.date(int(label), 12, 31)
    except ValueError:
        pass
    raise ValueError(f"期次格式不正确：{label}（月度如 2026-05，季度如 2026-Q2，年度如 2026）")
