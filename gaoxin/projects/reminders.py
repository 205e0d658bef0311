"""Dispatch report reminders for `gaoxin notify due`: the liaison of each active project is told when the
period's report is due (the period's last day until its deadline) and when it is overdue (the latest
period whose deadline has passed, still without a report). One message per project and period each."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gaoxin.notifications.actions import notify

from .actions.reporting import missing_reports
from .choices import ACTIVE_STAGES
from .models import Project
from .periods import due_on, period_of, previous_period, zone_cadence


def due_period(today: dt.date, zone) -> tuple[dt.date, dt.date] | None:
    """The period whose report is due now: the one ending today, or the previous one during its grace
    days (filed by ``due_on``); None between deadlines."""
    cadence = zone_cadence(zone)
    start, end = previous_period(today, cadence)
    if today <= due_on(end, zone):
        return start, end
    start, end = period_of(today, cadence)
    return (start, end) if today == end else None


def _unreported(zone, start: dt.date, end: dt.date):
    qs = Project.objects.filter(zone=zone, stage__in=ACTIVE_STAGES, signed_on__lte=end, liaison__isnull=False)
    return qs.exclude(reports__period_start=start).select_related("liaison")


def _send(projects, kind: str, title: str, start: dt.date, actor) -> int:
    sent = 0
    for project in projects:
        sent += len(
            notify(
                [project.liaison],
                kind=kind,
                title=f"{title}：{project.code} {project.name}",
                body=f"调度期 {start:%Y-%m-%d} 起",
                url=reverse("projects:detail", args=[project.pk]),
                actor=actor,
                dedupe_key=f"{kind}:{project.pk}:{start:%Y-%m-%d}",
            )
        )
    return sent


def remind(zone, today: dt.date, actor) -> dict[str, int]:
    counts = {"调度填报提醒": 0}
    period = due_period(today, zone)
    if period is not None:
        start, end = period
        deadline = due_on(end, zone)
        title = f"请于{deadline:%Y-%m-%d}前填报{start:%m-%d}至{end:%m-%d}调度"
        counts["调度填报提醒"] = _send(
            _unreported(zone, start, end), "projects.report_due", title, start, actor
        )
    late, (start, end) = missing_reports(
        Project.objects.filter(zone=zone, liaison__isnull=False), zone, today
    )
    title = f"调度已逾期（{start:%m-%d}至{end:%m-%d}未填报）"
    counts["调度填报逾期"] = _send(
        late.select_related("liaison"), "projects.report_overdue", title, start, actor
    )
    return counts
