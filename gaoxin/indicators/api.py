"""/api/v1/indicators/: the catalogue and the monthly report, through the same scopes as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from gaoxin.core.apiutil import declares_filters, filtered
from gaoxin.organization.models import Unit

from .filtersets import IndicatorFilterSet
from .jsonout import dumps
from .periods import PeriodError
from .report import Scope, public, report
from .scopes import scoped_indicators

router = Router(tags=["经济运行监测"])


def _viewer(request):
    if not request.user.can("indicators.view"):
        raise PermissionDenied("您没有查看经济运行数据的权限")
    return request.user


@router.get("/", summary="指标目录（筛选条件同指标目录页面）")
@declares_filters(IndicatorFilterSet)
def list_(request):
    user = _viewer(request)
    qs = filtered(IndicatorFilterSet, request, scoped_indicators(user))
    fields = (
        "code",
        "name",
        "unit",
        "kind",
        "frequency",
        "price_basis",
        "definition",
        "department",
        "formula",
    )
    return {"count": qs.count(), "items": [{"id": i.pk, **{f: getattr(i, f) for f in fields}} for i in qs]}


@router.get("/report", summary="月度经济运行报告（同 gaoxin indicators report --json）")
def monthly_report(request, period: str, unit: str | None = None):
    user = _viewer(request)
    scope = Scope.for_user(user)
    target = None
    if unit:
        target = Unit.objects.filter(zone_id=user.zone_id, name=unit).first()
        if target is None or not scope.observations.filter(unit=target).exists():
            raise ValidationError({"unit": f"没有可查看的单位“{unit}”的数据"})
    try:
        data = report(scope, period, target)
    except (PeriodError, ValueError) as exc:
        raise ValidationError({"period": str(exc)})
    return HttpResponse(dumps(public(data)), content_type="application/json")


@router.get("/{pk}", summary="指标")
def detail(request, pk: int):
    user = _viewer(request)
    i = get_object_or_404(scoped_indicators(user), pk=pk)
    return {
        "id": i.pk,
        "code": i.code,
        "name": i.name,
        "unit": i.unit,
        "kind": i.kind,
        "frequency": i.frequency,
    }
