"""Scheduled reminders (`gaoxin notify due`, run daily by cron or a systemd timer). An app registers a
function ``remind(zone, today, actor) -> {label: count}`` in its ``AppConfig.ready()``; each sends through
``notify`` with a ``dedupe_key`` per fact, so a second run on the same day (or the next days, for the same
fact) sends nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

REMINDERS: dict[str, Callable] = {}


def register(name: str, remind: Callable) -> None:
    REMINDERS[name] = remind


def send_due(zone, today: dt.date, actor) -> dict[str, int]:
    """Run every registered reminder for the zone; {what was reminded (Chinese): messages sent}."""
    sent: dict[str, int] = {}
    for name in sorted(REMINDERS):
        for label, count in REMINDERS[name](zone, today, actor).items():
            sent[label] = sent.get(label, 0) + count
    return sent
