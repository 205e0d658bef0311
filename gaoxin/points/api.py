"""/api/v1/points/: scores with breakdown, computing a year, whitelist versions (a bank token reads the
published versions only; the draft needs whitelist.publish)."""

from __future__ import annotations

import polars as pl
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from gaoxin.core.apiutil import Limit, Offset, Year, declares_filters, filtered
from gaoxin.core.apiutil import need as _need
from gaoxin.core.context import Actor

from . import actions, whitelist
from .compute import PointsUnavailable
from .filtersets import ScoreFilterSet
from .scopes import scores_for, versions_for
from .views import latest_year

router = Router(tags=["创新积分与白名单"])


@router.get("/scores", summary="创新积分（含积分构成）")
@declares_filters(ScoreFilterSet)
def list_scores(request, limit: Limit = 50, offset: Offset = 0):
    _need(request, "points.view")
    qs = scores_for(request.user).select_related("enterprise")
    if not request.GET.get("year"):
        qs = qs.filter(year=latest_year() or 0)
    qs = filtered(ScoreFilterSet, request, qs).order_by("rank", "pk")
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    items = [
        {"enterprise": s.enterprise_id, "uscc": s.enterprise.uscc, "name": s.enterprise.name, "year": s.year,
         "points": s.points, "percentile": s.percentile, "rank": s.rank, "complete": s.complete,
         "missing": s.missing, "breakdown": s.breakdown}
        for s in qs[offset : offset + limit]
    ]  # fmt: skip
    return {"count": qs.count(), "items": items}


class RunIn(Schema):
    year: Year
    reference: int | None = None


@router.post("/runs", summary="计算创新积分")
def run(request, data: RunIn):
    from .models import ReferenceTable

    reference = get_object_or_404(ReferenceTable, pk=data.reference) if data.reference else None
    try:
        result = actions.run_points(data.year, Actor.from_request(request, "api"), reference)
    except PointsUnavailable as exc:
        raise ValidationError({"year": str(exc)})
    return {"id": result.pk, "year": result.year, "count": result.count, "reference": result.reference_label}


def version_out(v) -> dict:
    return {"number": v.number, "published_at": v.time, "year": v.year, "publisher": v.publisher_name, "note": v.note,
            "rules": v.rules, "entry_count": v.entry_count, "added": v.added_count, "removed": v.removed_count}  # fmt: skip


@router.get("/whitelist/versions", summary="已发布的白名单版本")
def list_versions(request):
    _need(request, "whitelist.view")
    return {"items": [version_out(v) for v in versions_for(request.user)]}


@router.get("/whitelist/versions/{number}", summary="一个已发布版本：入选企业与变化原因")
def get_version(request, number: int):
    _need(request, "whitelist.view")
    v = get_object_or_404(versions_for(request.user), number=number)
    entries = [
        {"rank": e.rank, "uscc": e.uscc, "name": e.name, "points": e.points, "percentile": e.percentile}
        for e in v.entries.all()
    ]
    changes = [
        {"uscc": c.uscc, "name": c.name, "change": c.change, "reason": c.reason} for c in v.changes.all()
    ]
    return {**version_out(v), "entries": entries, "changes": changes}


@router.get("/whitelist/draft", summary="待发布名单（仅可发布白名单的人员）")
def draft(request):
    _need(request, "whitelist.publish")
    year = latest_year()
    if year is None:
        return {"year": None, "entries": [], "diff": []}
    frame = whitelist.candidates(year, whitelist.rules(request.user))
    entries = (
        frame.filter(pl.col("eligible")).sort("rank").select("uscc", "name", "points", "percentile", "rank")
    )
    return {
        "year": year,
        "entries": entries.to_dicts(),
        "diff": whitelist.diff(frame, whitelist.last_version()),
    }


class PublishIn(Schema):
    note: str = ""


@router.post("/whitelist/versions", summary="发布新版本白名单")
def publish(request, data: PublishIn):
    version = actions.publish_whitelist(Actor.from_request(request, "api"), data.note)
    return version_out(version)
