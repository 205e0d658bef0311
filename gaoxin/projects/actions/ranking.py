"""红黑榜 (monthly) and 骏马奖/蜗牛奖 (quarterly, yearly): score projects, rank units, publish a snapshot.

The score is vectorised in ``engine.score_projects`` / ``engine.rank_units``; this module loads the
inputs (one aggregate query per source) and writes the immutable snapshot.
"""

from __future__ import annotations

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from gaoxin.core.actions import emit_event
from gaoxin.core.context import Actor
from gaoxin.organization.models import Unit

from ..choices import SERIES_UNIT_KINDS, RankingKind, RankingSeries
from ..engine import rank_units, score_projects
from ..frames import status_frame
from ..models import DispatchReport, Exemption, Project, RankingSnapshot
from ..periods import periods_between, ranking_period, zone_cadence
from . import require

LIST_NAMES = {
    RankingKind.MONTHLY: ("红榜", "黑榜"),
    RankingKind.QUARTERLY: ("骏马奖", "蜗牛奖"),
    RankingKind.YEARLY: ("骏马奖", "蜗牛奖"),
}
INPUT_COLUMNS = [
    "id",
    "code",
    "name",
    "unit_id",
    "status",
    "investment_ratio",
    "problems_due",
    "problems_on_time",
    "reports_on_time",
    "reports_expected",
    "score",
]


def ranking_rules(zone) -> dict:
    return zone.setting("ranking_rules", {}) or {}


def _units(zone, series: str) -> dict[int, Unit]:
    kinds = SERIES_UNIT_KINDS[RankingSeries(series)]
    return {u.pk: u for u in Unit.objects.filter(zone=zone, kind__in=kinds)}


def zone_frame(zone, kind: str, period: str) -> pl.DataFrame:
    """Every project of the zone with its status at the period's end (shared by both series)."""
    return status_frame(Project.objects.filter(zone=zone), zone, ranking_period(kind, period)[1])


def project_inputs(zone, kind: str, period: str, series: str, frame=None) -> pl.DataFrame:
    """One row per project of the series' units active in the period, with every scoring input."""
    start, end = ranking_period(kind, period)
    units = _units(zone, series)
    frame = zone_frame(zone, kind, period) if frame is None else frame
    active = pl.col("signed_on").le(end) & (
        pl.col("terminated_on").is_null() | pl.col("terminated_on").ge(start)
    )
    frame = frame.filter(active & pl.col("department_id").is_in(list(units))).rename(
        {"department_id": "unit_id"}
    )
    qs = Project.objects.filter(zone=zone, department__in=list(units), signed_on__lte=end).exclude(
        terminated_on__lt=start
    )
    frame = frame.join(_problem_counts(qs, end), on="id", how="left")
    frame = frame.join(_report_counts(qs, start, end), on="id", how="left")
    ends = [e for _, e in periods_between(start, end, zone_cadence(zone))]
    expected = pl.sum_horizontal([(pl.col("signed_on") <= e).cast(pl.Int64) for e in ends]) if ends else 0
    frame = frame.with_columns(
        pl.col("problems_due", "problems_on_time", "reports_on_time").fill_null(0),
        reports_expected=pl.lit(expected) if not ends else expected,
    )
    return score_projects(frame, end, ranking_rules(zone))


def _problem_counts(project_qs, end) -> pl.DataFrame:
    """Problems due by ``end`` per project and those resolved on time (through the reverse relation:
    the problems app builds on projects, not the other way round)."""
    rows = (
        Project.all_objects.filter(pk__in=project_qs.values("pk"), problems__deadline__lte=end)
        .values("pk")
        .annotate(
            problems_due=Count("problems"),
            problems_on_time=Count("problems", filter=Q(problems__resolved_on__lte=F("problems__deadline"))),
        )
        .values_list("pk", "problems_due", "problems_on_time")
    )
    return _frame(rows, ["id", "problems_due", "problems_on_time"])


def _report_counts(project_qs, start, end) -> pl.DataFrame:
    rows = (
        DispatchReport.objects.filter(
            project__in=project_qs.values("pk"), period_end__gte=start, period_end__lte=end, on_time=True
        )
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    )
    return _frame(rows, ["id", "reports_on_time"])


def _frame(rows, columns) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=dict.fromkeys(columns, pl.Int64), orient="row")


def check_arguments(kind: str, period: str, series: str) -> None:
    """A ValidationError naming the field for an unknown kind or series or a malformed period."""
    if kind not in RankingKind.values:
        raise ValidationError({"kind": f"榜单类型应为 {'、'.join(RankingKind.values)} 之一"})
    if series not in RankingSeries.values:
        raise ValidationError({"series": f"榜单系列应为 {'、'.join(RankingSeries.values)} 之一"})
    try:
        ranking_period(kind, period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)})


def compute(zone, kind: str, period: str, series: str, frame=None) -> dict:
    """The ranking (not saved): rules, per-project inputs and per-unit results. ``frame``: the
    ``zone_frame`` when the caller already has it."""
    inputs = project_inputs(zone, kind, period, series, frame)
    exemptions = {e.unit_id: e.reason for e in Exemption.objects.filter(unit__zone=zone, period=period)}
    rules = ranking_rules(zone)
    units = _units(zone, series)
    ranked = rank_units(inputs, set(exemptions), rules) if inputs.height else pl.DataFrame()
    results = [
        {**row, "unit": units[row["unit_id"]].name, "exempt_reason": exemptions.get(row["unit_id"], "")}
        for row in ranked.to_dicts()
    ]
    good, bad = LIST_NAMES[RankingKind(kind)]
    return {
        "rules": {"status": zone.setting("project_status_rules", {}) or {}, "ranking": rules},
        "inputs": inputs.select(INPUT_COLUMNS).to_dicts(),
        "results": results,
        "labels": {"good": good, "bad": bad},
    }


def published(zone, kind: str, period: str, series: str) -> RankingSnapshot | None:
    return RankingSnapshot.objects.filter(zone=zone, kind=kind, period=period, series=series).first()


@transaction.atomic
def publish(zone, kind: str, period: str, series: str, actor: Actor) -> RankingSnapshot:
    """Publish the period's list as an immutable snapshot with its inputs. Once only."""
    require(actor, "ranking.publish")
    check_arguments(kind, period, series)
    _, end = ranking_period(kind, period)
    if end >= timezone.localdate():
        raise ValidationError({"period": f"{period}尚未结束，不能发布榜单"})
    if published(zone, kind, period, series):
        raise ValidationError({"period": f"{period}榜单已发布，发布后不可修改或重复发布"})
    data = compute(zone, kind, period, series)
    snapshot = RankingSnapshot.objects.create(
        zone=zone,
        kind=kind,
        series=series,
        period=period,
        published_by=actor.user,
        published_by_name=actor.name,
        rules=data["rules"],
        inputs=_json_safe(data["inputs"]),
        results=_json_safe(data["results"]),
    )
    emit_event(snapshot, "projects.ranking_published", f"发布{snapshot}", actor)
    return snapshot


def _json_safe(rows: list[dict]) -> list[dict]:
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()} for row in rows]


@transaction.atomic
def exempt(unit: Unit, period: str, reason: str, actor: Actor) -> Exemption:
    """Exempt a unit from the period's negative list for force majeure (不可抗力), with a reason."""
    from gaoxin.core.actions import create_object

    require(actor, "ranking.publish")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写不可抗力原因"})
    if Exemption.objects.filter(unit=unit, period=period).exists():
        raise ValidationError({"unit": f"{unit}在{period}已豁免"})
    return create_object(Exemption(unit=unit, period=period, reason=reason.strip()), actor)
