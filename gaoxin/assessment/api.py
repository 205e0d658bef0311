"""/api/v1/assessment/: verdicts, an enterprise's explanation, what-if, the ladder, running a year.
Same scoped querysets, FilterSet and actions as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from gaoxin.core.apiutil import Limit, Offset, Year, declares_filters, filtered, require_version
from gaoxin.core.apiutil import need as _need
from gaoxin.core.context import Actor
from gaoxin.engine.lang.errors import RuleError

from . import actions, explain
from .filtersets import VerdictFilterSet
from .ladder import funnel, ladder
from .models import LadderMark
from .runner import near_gap
from .scopes import enterprise_in_scope, verdicts_for

router = Router(tags=["资质评估与梯度培育"])


def verdict_out(v) -> dict:
    return {
        "enterprise": v.enterprise_id, "uscc": v.enterprise.uscc, "name": v.enterprise.name, "year": v.year,
        "rule": v.rule, "version": v.version, "verdict": v.verdict, "score": v.score, "score_min": v.score_min,
        "score_max": v.score_max, "distance": v.distance, "missing": v.missing,
    }  # fmt: skip


@router.get("/verdicts", summary="评估结论列表（筛选条件同评估结论页面）")
@declares_filters(VerdictFilterSet)
def list_verdicts(request, limit: Limit = 50, offset: Offset = 0):
    _need(request, "assessment.view")
    qs = verdicts_for(request.user).select_related("enterprise")
    if not request.GET.get("year"):
        qs = qs.filter(year=explain.latest_year() or 0)
    qs = filtered(VerdictFilterSet, request, qs).order_by("enterprise__name", "rule", "pk")
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return {"count": qs.count(), "items": [verdict_out(v) for v in qs[offset : offset + limit]]}


@router.get("/enterprises/{pk}", summary="一家企业的评估说明（逐条条件、门槛、依据、差距）")
def enterprise_explanation(request, pk: int, year: Year | None = None):
    _need(request, "assessment.view")
    enterprise = enterprise_in_scope(request.user, pk)
    year = year or explain.latest_year(enterprise)
    rules = explain.stored(enterprise, year) if year else []
    return {
        "enterprise": pk, "uscc": enterprise.uscc, "name": enterprise.name, "year": year,
        "rules": [{**verdict_out(r["verdict"]), "label": r["label"], "criteria": r["criteria"]} for r in rules],
    }  # fmt: skip


class WhatIfIn(Schema):
    changes: dict[str, str]  # {"rd_expense[y-1]": "+120万元", "tech_staff": "+3"}
    year: Year | None = None


@router.post("/enterprises/{pk}/whatif", summary="模拟测算：改变若干数据后重新评估（不保存）")
def whatif(request, pk: int, data: WhatIfIn):
    _need(request, "assessment.view")
    enterprise = enterprise_in_scope(request.user, pk)
    year = data.year or explain.latest_year(enterprise)
    if not year:
        raise ValidationError({"year": "请指定评估年度"})
    try:
        before = explain.one_enterprise(enterprise, year)
        after = explain.one_enterprise(enterprise, year, changes=data.changes)
    except RuleError as exc:
        raise ValidationError({"changes": str(exc).splitlines()[0]})
    return {
        "enterprise": pk,
        "year": year,
        "changes": data.changes,
        "rules": explain.compare(before, after, enterprise.uscc),
    }


@router.get("/ladder", summary="梯度培育：各梯队各阶段企业数，及企业所处阶段")
def ladder_api(
    request,
    year: Year | None = None,
    track: str | None = None,
    stage: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    _need(request, "assessment.view")
    from gaoxin.registry.scopes import enterprises_for

    year = year or explain.latest_year() or 0
    frame = ladder(enterprises_for(request.user).values("pk"), year, near_gap(request.user))
    counts = {t: {s: n for s, _, n in rows} for t, rows in funnel(frame).items()}
    if track:
        frame = frame.filter(frame["track"] == track)
    if stage:
        frame = frame.filter(frame["stage"] == stage)
    frame = frame.sort("distance", "enterprise_id", nulls_last=True)
    items = frame.slice(max(0, offset), max(1, min(limit, 500))).to_dicts()
    return {"year": year, "funnel": counts, "count": frame.height, "items": items}


class StageIn(Schema):
    track: str
    stage: str = ""
    target: str | None = None
    note: str = ""
    version: int | None = None


@router.post("/enterprises/{pk}/stage", summary="标记培育/申报（或取消标记）")
def set_stage(request, pk: int, data: StageIn):
    enterprise = enterprise_in_scope(request.user, pk)
    if LadderMark.objects.filter(enterprise=enterprise, track=data.track).exists():
        require_version(data.version)  # changing a stored mark: the version it was read at
    mark = actions.set_stage(
        enterprise,
        data.track,
        data.stage,
        Actor.from_request(request, "api"),
        data.target,
        data.note,
        data.version,
    )
    return {
        "enterprise": pk,
        "track": mark.track,
        "stage": mark.stage,
        "target": mark.target,
        "version": mark.version,
    }


class RunIn(Schema):
    year: Year
    rules: list[str] | None = None


@router.post("/runs", summary="运行全区资质评估并保存结果")
def run(request, data: RunIn):
    result = actions.run_assessment(data.year, Actor.from_request(request, "api"), data.rules)
    return {"id": result.pk, "year": result.year, "enterprises": result.enterprise_count, "verdicts": result.verdict_count,
            "criteria": result.criterion_count, "rule_versions": result.rule_versions, "counts": result.counts, "seconds": result.seconds}  # fmt: skip
