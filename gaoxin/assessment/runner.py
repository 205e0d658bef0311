"""One vectorised pass for the whole zone: registry → frames → one engine call → stored tables."""

from __future__ import annotations

import time

import polars as pl
from django.utils import timezone

from gaoxin.engine import evaluate

from .choices import DEFAULT_GAZELLE_PRESET, DEFAULT_NEAR_GAP, RunStatus
from .frames import build_frames
from .models import AssessmentRun
from .store import store_results


def zone_of(user=None):
    from gaoxin.organization.models import Zone

    zone = getattr(user, "zone", None)
    return zone or Zone.objects.order_by("pk").first()


def zone_setting(key: str, default=None, user=None):
    zone = zone_of(user)
    return zone.setting(key, default) if zone is not None else default


def gazelle_preset(user=None) -> str:
    return zone_setting("gazelle_preset", None, user) or DEFAULT_GAZELLE_PRESET


def near_gap(user=None) -> float:
    return float(zone_setting("near_gap_threshold", DEFAULT_NEAR_GAP, user))


def distances(criteria: pl.DataFrame) -> pl.DataFrame:
    """(uscc, rule, distance): the largest relative shortfall |threshold − value| / |threshold| over the
    rule's failed criteria; infinite when a failed criterion has no measurable shortfall (docs/assessment.md)."""
    ratio = (pl.col("threshold") - pl.col("value")).abs() / pl.col("threshold").abs()
    measurable = (
        pl.col("value").is_not_null() & pl.col("threshold").is_not_null() & (pl.col("threshold") != 0)
    )
    failed = criteria.filter(pl.col("verdict").cast(pl.String) == "不符合")
    return failed.group_by("uscc", "rule").agg(
        pl.when(measurable).then(ratio).otherwise(float("inf")).max().alias("distance")
    )


def year_has_data(year: int) -> bool:
    """Whether any enterprise not deleted has figures in the years a run for ``year`` reads (year-6 … year):
    without them the engine has nothing to assess, and a run would only replace the year's results by none."""
    from gaoxin.registry.models import EnterpriseYear

    from .frames import YEARS_BACK

    return EnterpriseYear.objects.filter(
        enterprise__deleted_at__isnull=True, year__gte=year - YEARS_BACK, year__lte=year
    ).exists()


def no_data_message(year: int) -> str:
    from .frames import YEARS_BACK

    return f"该年度没有企业数据：{year - YEARS_BACK}—{year} 年度均无企业年度数据，无法评估 {year} 年度"


def prepare(assessment, enterprises: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The engine's long results as table frames keyed by enterprise_id, with each verdict's distance."""
    ids = enterprises.select("uscc", "enterprise_id")
    results = assessment.results.with_columns(pl.col("uscc", "rule").cast(pl.String))
    criteria = assessment.criteria.with_columns(pl.col("rule").cast(pl.String))
    dist = distances(criteria)
    verdicts = (
        results.join(dist, on=["uscc", "rule"], how="left")
        .with_columns(
            pl.when(pl.col("verdict").cast(pl.String) == "符合")
            .then(0.0)
            .when(pl.col("verdict").cast(pl.String) == "不符合")
            .then(pl.col("distance").replace(float("inf"), None))
            .alias("distance")
        )
        .join(ids, on="uscc")
    )
    return verdicts, criteria.join(ids, on="uscc")


def count_verdicts(verdicts: pl.DataFrame) -> dict:
    counts = verdicts.group_by("rule", pl.col("verdict").cast(pl.String)).len()
    out: dict[str, dict[str, int]] = {}
    for rule, verdict, n in counts.iter_rows():
        out.setdefault(rule, {})[verdict] = n
    return out


def assess_zone(year: int, actor, rules: list[str] | None = None, progress=None) -> AssessmentRun:
    """Evaluate every enterprise for ``year`` and store the results (called by actions.run_assessment)."""
    step = progress or (lambda message: None)
    preset = gazelle_preset(actor.user)
    run = AssessmentRun.objects.create(
        year=year, as_of=evaluate_as_of(year), user=actor.user, user_name=actor.name, source=actor.source,
        gazelle_preset=preset or "",
    )  # fmt: skip
    started = time.perf_counter()
    try:
        step("读取企业数据")
        frames = build_frames(year)
        step(f"评估 {frames.enterprises.height} 家企业")
        result = evaluate(frames.years, frames.enterprises, year, gazelle_preset=preset, rules=rules)
        verdicts, criteria = prepare(result, frames.enterprises)
        step(f"保存 {verdicts.height} 条结论、{criteria.height} 条条件结果")
        n_v, n_c = store_results(year, verdicts, criteria, run.pk, rules=rules)
        run.refresh_from_db(fields=["criteria_static"])
    except Exception as exc:
        AssessmentRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, message=str(exc)[:500])
        raise
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.rule_versions = {r.id: r.version for r in result.rules}
    run.counts, run.enterprise_count = count_verdicts(verdicts), frames.enterprises.height
    run.verdict_count, run.criterion_count = n_v, n_c
    run.seconds = round(time.perf_counter() - started, 3)
    fields = ["status", "finished_at", "rule_versions", "counts", "enterprise_count", "verdict_count",
              "criterion_count", "seconds"]  # fmt: skip
    run.save(update_fields=fields)  # criteria_static was stored with the results
    run.assessment = result  # transient: callers may explain or export the pass they ran
    return run


def evaluate_as_of(year: int):
    from gaoxin.engine.evaluate import default_as_of

    return default_as_of(year)
