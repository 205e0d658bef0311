"""经济运行 pages: the dashboard (完成率 against 序时进度, trend, rank), the catalogue, an indicator's page
with every period and its source, and the derived counts' refresh."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gaoxin.core.context import Actor
from gaoxin.organization.models import Unit
from gaoxin.web.generic import ObjectListView, need

from . import actions, charts
from .alerts import latest_month
from .filtersets import IndicatorFilterSet
from .lookups import zone_unit
from .periods import Period, PeriodError, parse_period
from .report import Scope, ahead_text, percent_text, plain, ranking, report, series
from .scopes import scoped_indicators, scoped_observations
from .tables import INDICATOR_TABLE


def _chart(option: dict) -> str:
    return json.dumps(option, ensure_ascii=False, cls=DjangoJSONEncoder)


class IndicatorListView(ObjectListView):
    title = "指标目录"
    capability = "indicators.view"
    filterset_class = IndicatorFilterSet
    table = INDICATOR_TABLE
    extra_actions = (("indicators:dashboard", "经济运行监测"),)

    def scoped_queryset(self, request):
        return scoped_indicators(request.user)


def _month(request, scope) -> tuple[Period | None, str | None]:
    text = request.GET.get("period")
    if not text:
        return latest_month(scope), None
    try:
        period = parse_period(text)
    except PeriodError as exc:
        return None, str(exc)
    if period.frequency != "月":
        return None, "报告期应为月份，如 2026-05"
    return period, None


def _units(scope) -> list[Unit]:
    """The zone and the streets/parks the reader may see (the unit selector)."""
    ids = set(scope.observations.values_list("unit_id", flat=True).distinct())
    root = zone_unit(scope.zone)
    return [root, *Unit.objects.filter(pk__in=ids - {root.pk}).order_by("path")]


@login_required
def dashboard(request):
    need(request, "indicators.view")
    scope = Scope.for_user(request.user)
    month, error = _month(request, scope)
    units = _units(scope)
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), units[0])
    context = {"title": "经济运行监测", "error": error, "units": units, "unit": unit, "month": month}
    if month is not None:
        data = report(scope, month.code, unit)
        table = scope.table([month.year])
        chosen = _chosen(scope, data, request.GET.get("indicator"))
        names = dict(Unit.objects.filter(zone=scope.zone).values_list("pk", "name"))
        context.update(
            data=data,
            items=[_display(i) for i in data["indicators"]],
            bullet_json=_chart(charts.bullet(data["indicators"])),
            chosen=chosen,
        )
        if chosen is not None:
            rows = [
                r
                for r in series(table, chosen, unit.pk, month.year)
                if parse_period(r["period"]).months <= month.months
            ]
            context.update(
                trend_json=_chart(charts.trend(chosen, rows)),
                ranking=[_display(r) for r in ranking(table, chosen, _period_of(chosen, month), names)],
            )
    return render(request, "indicators/dashboard.html", context)


def _period_of(indicator, month: Period) -> Period:
    from .report import period_for

    return period_for(indicator, month) or month


def _chosen(scope, data: dict, code: str | None):
    indicators = {i.code: i for i in scope.indicators}
    if code in indicators:
        return indicators[code]
    with_value = [i["code"] for i in data["indicators"] if i["value"] is not None and i["month"] is not None]
    return indicators.get(with_value[0]) if with_value else None


def _display(item: dict) -> dict:
    """The figures as the page writes them: 22.88%, 超序时进度 1.42 个百分点, — for none."""
    return {
        **item,
        "yoy_text": percent_text(item["yoy"]),
        "completion_text": percent_text(item["completion"]),
        "schedule_text": percent_text(item["schedule"]),
        "ahead_text": ahead_text(item["ahead"]),
    }


@login_required
def detail(request, pk):
    need(request, "indicators.view")
    indicator = get_object_or_404(scoped_indicators(request.user), pk=pk)
    scope = Scope.for_user(request.user)
    units = _units(scope)
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), units[0])
    history = list(
        scoped_observations(request.user, history=True)
        .filter(indicator=indicator, unit=unit)
        .select_related("unit", "batch")
        .order_by("-year", "-months", "-revision")
    )
    years = sorted({o.year for o in history}, reverse=True)
    table = scope.table(years) if years else None
    context = {
        "title": f"{indicator.name}（{indicator.unit}）",
        "indicator": indicator,
        "units": units,
        "unit": unit,
        "computed": [(y, [_display(r) for r in series(table, indicator, unit.pk, y)]) for y in years],
        "history": [_source_row(o) for o in history],
        "targets": [
            {
                "year": t.year,
                "level": t.level,
                "value_text": plain(t.value),
                "source_file": t.source_file,
                "source_row": t.source_row,
            }
            for t in scope.targets.filter(indicator=indicator, unit=unit).order_by("-year", "level")
        ],
    }
    return render(request, "indicators/detail.html", context)


def _source_row(o) -> dict:
    """One reported figure set as the page writes it, with where it came from."""
    return {
        "period": o.period,
        "month": plain(o.month_value),
        "cumulative": plain(o.cumulative_value),
        "prior": plain(o.prior_cumulative),
        "yoy": percent_text(o.reported_yoy),
        "current": o.is_current,
        "revision": o.revision,
        "source_file": o.source_file,
        "source_row": o.source_row,
        "time": o.batch.time if o.batch_id else o.created,
    }


@require_POST
@login_required
def refresh(request):
    need(request, "indicators.import")
    try:
        year = int(request.POST.get("year") or timezone.localdate().year - 1)
        created, revised, unchanged = actions.refresh_derived(
            request.user.zone, year, Actor.from_request(request)
        )
    except (ValueError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"已按企业库 {year} 年数据计算派生指标：新增 {created} 条，修订 {revised} 条，未变化 {unchanged} 条",
        )
    return redirect("indicators:list")
