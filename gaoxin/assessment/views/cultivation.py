"""Ladder pages: the funnel per track, drill-down lists by smallest gap, a liaison's worklist and the
qualifications that expire and need re-application."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from gaoxin.registry.models import Enterprise
from gaoxin.registry.scopes import enterprises_for, qualifications_for
from gaoxin.web.generic import need

from .. import explain
from ..choices import RULES, TRACK_TIERS, Stage, Track
from ..ladder import funnel, funnel_option, ladder, rule_label
from ..models import Verdict
from ..runner import near_gap

EXPIRING_DAYS = 180


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or 0) or explain.latest_year() or timezone.localdate().year
    except ValueError:
        return timezone.localdate().year


def _frame(request, enterprises=None) -> pl.DataFrame:
    ids = (enterprises if enterprises is not None else enterprises_for(request.user)).values("pk")
    return ladder(ids, _year(request), near_gap(request.user))


@login_required
def ladder_page(request):
    need(request, "assessment.view")
    frame = _frame(request)
    counts = funnel(frame)
    charts = [
        {"track": t, "label": Track(t).label, "rows": rows, "option": json.dumps(funnel_option(Track(t).label, rows), ensure_ascii=False)}
        for t, rows in counts.items()
    ]  # fmt: skip
    context = {
        "title": "梯度培育",
        "charts": charts,
        "year": _year(request),
        "near": near_gap(request.user),
        "tiers": TRACK_TIERS,
    }
    return render(request, "assessment/ladder.html", context)


def _rows(frame: pl.DataFrame, page) -> list[dict]:
    """Page rows with their enterprises (one query for the page)."""
    items = frame.slice((page.number - 1) * page.paginator.per_page, page.paginator.per_page).to_dicts()
    ents = Enterprise.objects.select_related("unit", "liaison").in_bulk([r["enterprise_id"] for r in items])
    for r in items:
        r["enterprise"] = ents.get(r["enterprise_id"])
        r["target_label"], r["held_label"] = rule_label(r["target"]), rule_label(r["held"])
        r["stage_label"] = Stage(r["stage"]).label
        r["track_label"] = Track(r["track"]).label
    return [r for r in items if r["enterprise"] is not None]


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort("distance", "enterprise_id", nulls_last=True)


@login_required
def ladder_list(request):
    need(request, "assessment.view")
    track, stage = request.GET.get("track", Track.TECH), request.GET.get("stage", Stage.RESERVE)
    if track not in Track.values or stage not in Stage.values:  # a hand-edited or stale link
        raise Http404("梯队或培育阶段不存在")
    frame = _sorted(_frame(request).filter((pl.col("track") == track) & (pl.col("stage") == stage)))
    page = Paginator(range(frame.height), 50).get_page(request.GET.get("page"))
    context = {
        "title": f"{Track(track).label} · {Stage(stage).label}企业",
        "rows": _rows(frame, page), "page": page, "track": track, "stage": stage, "year": _year(request),
        "can_move": request.user.can("ladder.move"), "stages": Stage, "tracks": Track,
    }  # fmt: skip
    return render(request, "assessment/ladder_list.html", context)


@login_required
def worklist(request):
    """A 包联干部's own enterprises: stage on each track, closest gap first."""
    need(request, "assessment.view")
    mine = enterprises_for(request.user).filter(liaison=request.user)
    frame = _sorted(_frame(request, mine))
    page = Paginator(range(frame.height), 50).get_page(request.GET.get("page"))
    expiring = _expiring(
        qualifications_for(request.user).filter(enterprise__liaison=request.user), _year(request)
    )
    context = {
        "title": "我的包联企业", "rows": _rows(frame, page), "page": page, "year": _year(request),
        "expiring": expiring[:20], "can_move": request.user.can("ladder.move"), "assigned": mine.count(),
    }  # fmt: skip
    return render(request, "assessment/worklist.html", context)


def _expiring(qs, year: int) -> list:
    today = timezone.localdate()
    tiers = [r for tiers in TRACK_TIERS.values() for r in tiers]
    quals = list(
        qs.filter(
            kind__in=tiers, expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=EXPIRING_DAYS)
        )
        .select_related("enterprise", "enterprise__liaison")
        .order_by("expires_on", "pk")[:500]
    )
    verdicts = {
        (v.enterprise_id, v.rule): v
        for v in Verdict.objects.filter(year=year, enterprise__in=[q.enterprise_id for q in quals])
    }
    for q in quals:
        q.verdict = verdicts.get((q.enterprise_id, q.kind))
        q.rule_label = RULES.get(q.kind, q.kind)
        q.days_left = (q.expires_on - today).days
    return quals


@login_required
def expiring(request):
    need(request, "assessment.view")
    quals = _expiring(qualifications_for(request.user), _year(request))
    context = {"title": f"{EXPIRING_DAYS} 天内到期需重新申报的资质", "quals": quals, "year": _year(request)}
    return render(request, "assessment/expiring.html", context)
