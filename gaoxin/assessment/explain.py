"""What the enterprise's assessment page shows: stored verdicts with their criteria (names, values,
thresholds, references and gaps as the engine words them), point breakdowns and what-if comparisons.
Display only; every judgement comes from the engine."""

from __future__ import annotations

from functools import cache

import polars as pl

from gaoxin.engine import breakdown, evaluate, what_if
from gaoxin.engine.catalog import catalog
from gaoxin.engine.explain import format_value
from gaoxin.engine.ruleset import all_rules

from .choices import RULES
from .frames import build_frames
from .models import AssessmentRun, CriteriaChunk, Verdict
from .runner import gazelle_preset
from .store import read_chunk

RULE_ORDER = {r: i for i, r in enumerate(RULES)}
HTE_EXPERT_FIELDS = [
    "hte_expert_advancement", "hte_expert_core_support", "hte_expert_acquisition", "hte_expert_standards",
    "hte_expert_rd_management",
]  # fmt: skip


@cache
def criterion_index() -> dict[tuple[str, str, str], object]:
    """(rule, version, criterion id) → the engine's Criterion (name, unit, note)."""
    return {(r.id, r.version, c.id): c for r in all_rules() for c in r.criteria}


@cache
def version_labels() -> dict[tuple[str, str], str]:
    """(rule, version) → how the page names the version: "2016 版", or a zone preset's Chinese name
    (济南高新区2016年口径) instead of its file id (jinan_hitech_zone_2016)."""
    labels = {}
    for r in all_rules():
        version = str(r.version)
        if version.isdigit():
            labels[(r.id, version)] = f"{version} 版"
        else:
            inner = r.name.split("（", 1)[-1].rstrip("）") if "（" in r.name else r.name
            labels[(r.id, version)] = inner
    return labels


def version_label(rule: str, version: str) -> str:
    version = str(version)
    return version_labels().get((str(rule), version), f"{version} 版" if version.isdigit() else "现行口径")


def criterion_of(rule: str, version: str, criterion: str):
    return criterion_index().get((str(rule), str(version), str(criterion)))


def criterion_row(rule: str, version: str, c: list, static: dict) -> dict:
    """One stored criterion (``store.read_chunk``: criterion, verdict, value, threshold, gap text,
    missing) with its run's static
    part (unit, reference, verification), as displayed."""
    criterion, verdict, value, threshold, gap_text, missing = c
    unit_stored, doc_ref, unverified = static.get(f"{rule}|{version}|{criterion}", ["", "", False])
    crit = criterion_of(rule, version, criterion)
    unit = crit.unit if crit else unit_stored
    return {
        "id": criterion,
        "name": crit.name if crit else criterion,
        "note": crit.note if crit else "",
        "verdict": verdict,
        "value": format_value(value, unit) if value is not None else "—",
        "threshold": format_value(threshold, unit) if threshold is not None else "—",
        "gap_text": gap_text,
        "missing": missing,
        "doc_ref": doc_ref,
        "unverified": (crit.unverified if crit and crit.unverified else "依据未经官方文本核实")
        if unverified
        else "",
    }


def stored(enterprise, year: int) -> list[dict]:
    """Per rule: the stored verdict and its criterion rows, in ladder order."""
    verdicts = sorted(
        Verdict.objects.filter(enterprise=enterprise, year=year), key=lambda v: RULE_ORDER.get(v.rule, 99)
    )
    criteria: dict[str, list] = {}
    blocks = list(
        CriteriaChunk.objects.filter(
            year=year, enterprise_from__lte=enterprise.pk, enterprise_to__gte=enterprise.pk
        )
    )
    runs = {b.run_id for b in blocks}
    static = dict(AssessmentRun.objects.filter(pk__in=runs).values_list("pk", "criteria_static"))
    for b in blocks:
        rows = read_chunk(b.data, enterprise.pk)
        criteria[b.rule] = [criterion_row(b.rule, r[0], r[1:], static.get(b.run_id, {})) for r in rows]
    return [
        {
            "verdict": v,
            "label": RULES.get(v.rule, v.rule),
            "version": version_label(v.rule, v.version),
            "criteria": criteria.get(v.rule, []),
        }
        for v in verdicts
    ]


def latest_year(enterprise=None) -> int | None:
    qs = Verdict.objects.all() if enterprise is None else Verdict.objects.filter(enterprise=enterprise)
    return qs.order_by("-year").values_list("year", flat=True).first()


def one_enterprise(enterprise, year: int, rules: list[str] | None = None, changes: dict | None = None):
    """A fresh engine pass over one enterprise (optionally with changed inputs); nothing is stored."""
    from gaoxin.registry.models import Enterprise

    frames = build_frames(year, Enterprise.objects.filter(pk=enterprise.pk))
    options = {"gazelle_preset": gazelle_preset(), "rules": rules}
    if changes:
        return what_if(frames.years, frames.enterprises, year, changes, uscc=[enterprise.uscc], **options)
    return evaluate(frames.years, frames.enterprises, year, **options)


def score_breakdown(enterprise, year: int) -> list[dict]:
    """Points of every score item (range until expert parts are entered) and the cheapest next band."""
    rules = sorted({r.id for r in all_rules() if r.score})
    assessment = one_enterprise(enterprise, year, rules)
    rows = breakdown(assessment, enterprise.uscc)
    for row in rows:
        row["rule_label"] = RULES.get(row["rule"], row["rule"])
        row["points"] = f"{row['lo']}" if row["lo"] == row["hi"] else f"{row['lo']}–{row['hi']}"
    return rows


def compare(before, after, uscc: str) -> list[dict]:
    """Per rule: verdict and score before → after, with the criteria whose verdict or gap changed."""
    key = ["rule", "criterion"]
    text = [pl.col("rule", "version", "criterion", "verdict").cast(pl.String), "gap_text"]
    b = before.criteria.filter(pl.col("uscc") == uscc).select(text).drop("version")
    a = after.criteria.filter(pl.col("uscc") == uscc).select(text)
    crits = a.join(b, on=key, suffix="_before")
    out = []
    results_before = {r["rule"]: r for r in _results(before, uscc)}
    for r in _results(after, uscc):
        r0 = results_before[r["rule"]]
        rows = [c for c in crits.to_dicts() if c["rule"] == r["rule"]]
        out.append({
            "rule": r["rule"], "label": RULES.get(r["rule"], r["rule"]),
            "before": r0["verdict"], "after": r["verdict"], "changed": r0["verdict"] != r["verdict"],
            "score_before": _score(r0), "score_after": _score(r),
            "criteria": [_changed_criterion(c) for c in rows if c["verdict"] != c["verdict_before"] or c["gap_text"] != c["gap_text_before"]],
        })  # fmt: skip
    return sorted(out, key=lambda x: RULE_ORDER.get(x["rule"], 99))


def _results(assessment, uscc: str) -> list[dict]:
    frame = assessment.results.filter(pl.col("uscc") == uscc)
    return frame.with_columns(pl.col("rule", "verdict").cast(pl.String)).to_dicts()


def _score(r: dict) -> str:
    if r["score_min"] is None:
        return "—"
    return str(r["score"]) if r["score"] is not None else f"{r['score_min']}–{r['score_max']}"


def _changed_criterion(c: dict) -> dict:
    crit = criterion_of(c["rule"], c["version"], c["criterion"])
    return {
        "id": c["criterion"], "name": crit.name if crit else c["criterion"],
        "before": c["verdict_before"], "after": c["verdict"], "changed": c["verdict_before"] != c["verdict"],
        "gap_before": c["gap_text_before"] or "", "gap_after": c["gap_text"] or "",
    }  # fmt: skip


def whatif_fields() -> list[tuple[str, str]]:
    """Numeric yearly fields a what-if may change: (field, label with unit)."""
    out = []
    for f in catalog().values():
        if f.scope == "yearly" and f.kind == "num":
            unit = "万元" if f.unit == "money" else (f.unit_label or "")
            out.append((f.name, f"{f.label}（{unit}）" if unit else f.label))
    return out
