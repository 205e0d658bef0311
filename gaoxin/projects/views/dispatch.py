"""项目调度 (the reports list, late projects, reminders) and 红黑榜 (rankings) pages."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gaoxin.core.context import Actor
from gaoxin.organization.models import Unit
from gaoxin.web.generic import ObjectListView, need, run

from ..actions import ranking
from ..actions.reporting import missing_reports, send_reminders
from ..choices import RankingKind, RankingSeries
from ..filtersets import ReportFilterSet
from ..models import Exemption, RankingSnapshot
from ..periods import month_end
from ..scopes import scoped_projects, scoped_reports
from ..tables import REPORT_TABLE


class ReportListView(ObjectListView):
    title = "项目调度"
    capability = "projects.view"
    template_name = "projects/reports.html"
    filterset_class = ReportFilterSet
    table = REPORT_TABLE

    def scoped_queryset(self, request):
        return scoped_reports(request.user).select_related("project", "reporter")

    def extra_context(self, request, qs):
        late, period = missing_reports(scoped_projects(request.user), request.user.zone)
        return {
            "late": late.select_related("liaison", "department").order_by("code")[:100],
            "late_count": late.count(),
            "period": period,
        }


@require_POST
@login_required
def remind(request):
    need(request, "projects.edit")
    actor, zone = Actor.from_request(request), request.user.zone
    call = lambda: send_reminders(scoped_projects(request.user), zone, actor)  # noqa: E731
    run(request, call, "已向未按时调度的项目发出催报")
    return redirect("projects:reports")


def _default_period(kind: str) -> str:
    last = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    if kind == RankingKind.QUARTERLY:
        q = (last.month - 1) // 3 + 1
        quarter_end = month_end(last.replace(month=3 * q))
        if quarter_end != last:
            q -= 1
        return f"{last.year}-Q{q}" if q else f"{last.year - 1}-Q4"
    if kind == RankingKind.YEARLY:
        return str(last.year if last.month == 12 else last.year - 1)
    return f"{last:%Y-%m}"


def _ranking_data(zone, kind, period, series, snapshot):
    """The published snapshot's results, or the live computation (a preview) when not yet published."""
    good, bad = ranking.LIST_NAMES[kind]
    if snapshot:
        return {"results": snapshot.results, "labels": {"good": good, "bad": bad}}, None
    try:
        return ranking.compute(zone, kind, period, series), None
    except ValueError as exc:
        return {"results": [], "labels": {"good": good, "bad": bad}}, str(exc)


@login_required
def rankings(request):
    need(request, "projects.view")
    zone = request.user.zone
    kind = request.GET.get("kind") if request.GET.get("kind") in RankingKind.values else "monthly"
    series = request.GET.get("series") if request.GET.get("series") in RankingSeries.values else "department"
    period = request.GET.get("period") or _default_period(kind)
    snapshot = ranking.published(zone, kind, period, series)
    data, error = _ranking_data(zone, kind, period, series, snapshot)
    context = {
        "title": "红黑榜",
        "kind": kind,
        "series": series,
        "period": period,
        "kinds": RankingKind.choices,
        "series_choices": RankingSeries.choices,
        "snapshot": snapshot,
        "data": data,
        "error": error,
        "history": RankingSnapshot.objects.filter(zone=zone)[:24],
        "exemptions": Exemption.objects.filter(unit__zone=zone, period=period).select_related("unit"),
        "units": Unit.objects.filter(zone=zone, level=2),
        "can_publish": request.user.can("ranking.publish"),
    }
    return render(request, "projects/rankings.html", context)


@require_POST
@login_required
def rankings_act(request, op):
    need(request, "ranking.publish")
    zone, actor = request.user.zone, Actor.from_request(request)
    kind, period, series = (request.POST.get(k, "") for k in ("kind", "period", "series"))
    if op == "publish":
        run(request, lambda: ranking.publish(zone, kind, period, series, actor), f"{period}榜单已发布")
    elif op == "exempt":
        unit = get_object_or_404(Unit, zone=zone, pk=request.POST.get("unit"))
        run(
            request,
            lambda: ranking.exempt(unit, period, request.POST.get("reason", ""), actor),
            f"已豁免{unit}",
        )
    query = urlencode({"kind": kind, "period": period, "series": series})
    return redirect(f"{reverse('projects:rankings')}?{query}")
