"""Dispatch reports (调度): filing a period's report with photos and problems, late lists, reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gaoxin.core.actions import create_object, emit_event, record_change
from gaoxin.core.context import Actor
from gaoxin.core.models.changelog import ChangeAction

from ..choices import ACTIVE_STAGES
from ..models import DispatchReport, Project, ReportPhoto
from ..periods import due_on, last_due_period, period_of, zone_cadence
from . import require, require_in_scope, set_cumulative_investment

PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
MAX_PHOTOS = 9


def check_photo(upload, zone) -> str:
    """The photo's content type if it is a JPEG/PNG within the size limit; else a Chinese reason."""
    limit_mb = zone.setting("photo_max_mb", 5) if zone else 5
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError({"photos": f"照片“{upload.name}”超过 {limit_mb}MB"})
    head = upload.read(8)
    upload.seek(0)
    for magic, content_type in PHOTO_TYPES.items():
        if head.startswith(magic):
            return content_type
    raise ValidationError({"photos": f"照片“{upload.name}”不是 JPG 或 PNG 图片"})


@transaction.atomic
def submit_report(
    project: Project,
    data: dict,
    actor: Actor,
    photos: list | None = None,
    problems: list[dict] | None = None,
    today: dt.date | None = None,
) -> DispatchReport:
    """File the report of the period containing ``data['period_day']`` (default: today).

    ``data``: period_investment, cumulative_investment (optional: previous + this period), progress.
    ``problems``: dicts for ``problems.actions.raise_problem`` raised from this report.
    """
    require(actor, "projects.report")
    require_in_scope(actor, project)
    today = today or timezone.localdate()
    if project.stage not in ACTIVE_STAGES:
        raise ValidationError({"project": f"项目处于“{project.stage}”阶段，无需调度"})
    cadence = zone_cadence(project.zone)
    start, end = period_of(data.get("period_day") or today, cadence)
    if start > today:
        raise ValidationError({"period_day": "不能填报未来的调度期"})
    if project.reports.filter(period_start=start).exists():
        raise ValidationError({"period_day": "该项目本期调度已填报，如需更正请联系责任部门"})
    if not (data.get("progress") or "").strip():
        raise ValidationError({"progress": "请填写本期形象进度"})
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": f"每期最多上传 {MAX_PHOTOS} 张照片"})
    report = DispatchReport(
        project=project,
        cadence=cadence,
        period_start=start,
        period_end=end,
        period_investment=Decimal(data.get("period_investment") or 0),
        cumulative_investment=_cumulative(project, data, start),
        progress=(data.get("progress") or "").strip(),
        reporter=actor.user,
        submitted_on=today,
        on_time=today <= due_on(end, project.zone),
    )
    for upload in photos:
        check_photo(upload, project.zone)
    create_object(report, actor)
    _save_photos(report, photos, actor)
    set_cumulative_investment(project, report.cumulative_investment, actor)
    emit_event(project, "projects.reported", f"{report.period_label}调度：{report.progress[:80]}", actor)
    _raise_problems(report, problems or [], actor, today)
    return report


def _save_photos(report: DispatchReport, photos: list, actor: Actor) -> list[ReportPhoto]:
    """Each photo with its 'create' change row (shown on the report's project)."""
    saved = []
    for upload in photos:
        kind = check_photo(upload, report.project.zone)
        photo = ReportPhoto.objects.create(report=report, image=upload, content_type=kind, size=upload.size)
        after = {"report_id": report.pk, "image": photo.image.name, "content_type": kind, "size": photo.size}
        record_change(photo, ChangeAction.CREATE, None, after, actor)
        saved.append(photo)
    return saved


@transaction.atomic
def add_photos(report: DispatchReport, photos: list, actor: Actor) -> None:
    """Attach photos to a filed report (the API sends them after the JSON report)."""
    require(actor, "projects.report")
    require_in_scope(actor, report.project)
    if report.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": f"每期最多上传 {MAX_PHOTOS} 张照片"})
    saved = _save_photos(report, photos, actor)
    if saved:
        message = f"{report.period_label}调度补传照片 {len(saved)} 张"
        emit_event(report.project, "projects.photos_added", message, actor, {"report": report.pk})


def _cumulative(project: Project, data: dict, start: dt.date) -> Decimal:
    previous = project.reports.filter(period_start__lt=start).order_by("-period_start").first()
    base = previous.cumulative_investment if previous else (project.cumulative_investment or Decimal(0))
    period = Decimal(data.get("period_investment") or 0)
    if period < 0:
        raise ValidationError({"period_investment": "本期完成投资不能为负数"})
    value = data.get("cumulative_investment")
    value = Decimal(value) if value not in (None, "") else base + period
    if previous and value < previous.cumulative_investment:
        raise ValidationError({"cumulative_investment": "累计完成投资不能小于上期累计数"})
    return value


#: What else happens when a report is filed with problems (``problems`` registers raising them in its
#: AppConfig.ready): each hook is called with (report, problems, actor, today) inside the transaction,
#: so the projects app never imports the problems app that builds on it.
REPORT_PROBLEM_HOOKS: list[Callable] = []


def on_report_problems(hook: Callable) -> None:
    if hook not in REPORT_PROBLEM_HOOKS:
        REPORT_PROBLEM_HOOKS.append(hook)


def _raise_problems(report: DispatchReport, problems: list[dict], actor: Actor, today: dt.date) -> None:
    raised = [spec for spec in problems if (spec.get("description") or "").strip()]
    if raised and not REPORT_PROBLEM_HOOKS:
        raise RuntimeError("no app raises the problems of a dispatch report (gaoxin.problems not installed?)")
    for hook in REPORT_PROBLEM_HOOKS if raised else ():
        hook(report, raised, actor, today)


def missing_reports(project_qs, zone, today: dt.date | None = None):
    """Active projects without a report for the latest period whose deadline has passed."""
    start, end = last_due_period(today or timezone.localdate(), zone)
    qs = project_qs.filter(stage__in=ACTIVE_STAGES, signed_on__lte=end)
    return qs.exclude(reports__period_start=start), (start, end)


@transaction.atomic
def send_reminders(project_qs, zone, actor: Actor, today: dt.date | None = None) -> int:
    """Remind the liaison of every project that has not reported on time (a timeline entry each)."""
    require(actor, "projects.edit")
    late, (start, end) = missing_reports(project_qs, zone, today)
    count = 0
    for project in late.select_related("liaison"):
        who = project.liaison.display_name if project.liaison else "联络人"
        emit_event(project, "projects.reminded", f"催报：{start}至{end}调度未按时填报（提醒{who}）", actor)
        count += 1
    return count
