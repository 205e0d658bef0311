"""Deadlines from severity (一般问题解决不过周、重大问题解决不过月、紧急问题当日) and the zone's calendar.

Zone settings: ``problem_deadline_days`` ({"一般": 7, "重大": 30, "紧急": 1}); ``problem_deadline_workdays``
(true = count working days, skipping weekends and ``holidays`` but working on ``workdays`` — 调休).
"""

from __future__ import annotations

import datetime as dt

from .choices import DEFAULT_DEADLINE_DAYS, Severity


def deadline_days(zone, severity: str) -> int:
    configured = (zone.setting("problem_deadline_days", {}) if zone else {}) or {}
    if severity not in Severity.values:
        raise ValueError(f"未知紧急程度：{severity}")
    return int(configured.get(severity, DEFAULT_DEADLINE_DAYS[severity]))


def _is_workday(day: dt.date, holidays: set[str], workdays: set[str]) -> bool:
    iso = day.isoformat()
    if iso in workdays:
        return True
    return day.weekday() < 5 and iso not in holidays


def add_days(start: dt.date, days: int, zone=None) -> dt.date:
    if not (zone and zone.setting("problem_deadline_workdays", False)):
        return start + dt.timedelta(days=days)
    holidays = set(zone.setting("holidays", []) or [])
    workdays = set(zone.setting("workdays", []) or [])
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if _is_workday(day, holidays, workdays):
            days -= 1
    return day


def compute_deadline(raised_on: dt.date, severity: str, zone=None) -> dt.date:
    return add_days(raised_on, deadline_days(zone, severity), zone)
