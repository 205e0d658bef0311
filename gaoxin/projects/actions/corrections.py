"""Correcting a filed dispatch report (调度更正) and the department's confirmation (调度确认): the filer
may correct the report until the department confirms it; a confirmed report is final."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gaoxin.core.actions import emit_event, update_object
from gaoxin.core.context import Actor

from ..models import DispatchReport
from . import require, require_in_scope, set_cumulative_investment


def may_correct(report: DispatchReport, user) -> bool:
    return report.confirmed_at is None and report.reporter_id is not None and report.reporter_id == user.pk


@transaction.atomic
def correct_report(report: DispatchReport, data: dict, actor: Actor, expected_version: int | None = None):
    """``data``: period_investment, cumulative_investment (optional: previous + this period), progress."""
    require(actor, "projects.report")
    require_in_scope(actor, report.project)
    if report.reporter_id != actor.user.pk:
        raise PermissionDenied("只有填报人本人可以更正调度报告")
    if report.confirmed_at is not None:
        raise ValidationError(
            {"period_investment": "该调度报告已由责任部门确认，不能再更正，如需调整请联系责任部门"}
        )
    if report.project.reports.filter(period_start__gt=report.period_start).exists():
        raise ValidationError({"period_investment": "该项目已填报后续调度期，本期报告不能再更正"})
    progress = (data.get("progress") or "").strip()
    if not progress:
        raise ValidationError({"progress": "请填写本期形象进度"})
    period = Decimal(data.get("period_investment") or 0)
    if period < 0:
        raise ValidationError({"period_investment": "本期完成投资不能为负数"})
    previous = (
        report.project.reports.filter(period_start__lt=report.period_start).order_by("-period_start").first()
    )
    base = (
        previous.cumulative_investment
        if previous
        else report.cumulative_investment - report.period_investment
    )
    given = data.get("cumulative_investment")
    cumulative = Decimal(given) if given not in (None, "") else base + period
    if previous and cumulative < previous.cumulative_investment:
        raise ValidationError({"cumulative_investment": "累计完成投资不能小于上期累计数"})
    changes = {"period_investment": period, "cumulative_investment": cumulative, "progress": progress}
    updated = update_object(report, changes, actor, expected_version)
    project = updated.project
    set_cumulative_investment(project, cumulative, actor)
    emit_event(
        project, "projects.report_corrected", f"{updated.period_label}调度更正：{progress[:80]}", actor
    )
    return updated


@transaction.atomic
def confirm_report(report: DispatchReport, actor: Actor) -> DispatchReport:
    require(actor, "projects.edit")
    require_in_scope(actor, report.project)
    if report.confirmed_at is not None:
        raise ValidationError({"confirmed_at": "该调度报告已确认"})
    changes = {"confirmed_by": actor.user, "confirmed_at": timezone.now()}
    updated = update_object(report, changes, actor)
    emit_event(report.project, "projects.report_confirmed", f"{updated.period_label}调度已确认", actor)
    return updated
