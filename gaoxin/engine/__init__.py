"""Gaoxin rules engine: qualification criteria as versioned data, a small exact rule language, and one
vectorised Polars pass over the whole zone. Pure Python + Polars; no Django import anywhere here.

Public API (see README.md):
    evaluate(years, enterprises, year, as_of=None, gazelle_preset=None, rules=None) -> Assessment
        .results   (uscc, rule, version, verdict, score, score_min, score_max, missing)
        .criteria  (uscc, rule, version, criterion, verdict, value, threshold, unit, gap, gap_base,
                    gap_unit, gap_text, missing, doc_ref, unverified)
        .criteria_data  the same without gap_text, uscc categorical (zone scale)
    explain(assessment, uscc) -> str            Chinese explanation for one enterprise
    breakdown(assessment, uscc) -> list[dict]   points per score item and the next band up
    cli_table(assessment) -> DataFrame          wide table: 统一社会信用代码, 资质, 结论, 得分, <id>.结论 …
    what_if(years, enterprises, year, changes, uscc=None, **options) -> Assessment
    rules_in_force(on, gazelle_preset=None), presets(), parse(), check_expression()
    points(...), whitelist(...)                 innovation points (gaoxin.engine.points)
"""

from gaoxin.engine.breakdown import breakdown
from gaoxin.engine.evaluate import VERDICT, Assessment, evaluate
from gaoxin.engine.explain import cli_table, explain
from gaoxin.engine.lang import RuleError, parse
from gaoxin.engine.ruleset import presets, rules_in_force
from gaoxin.engine.whatif import apply_changes, what_if

__all__ = [
    "VERDICT",
    "Assessment",
    "RuleError",
    "apply_changes",
    "breakdown",
    "cli_table",
    "evaluate",
    "explain",
    "parse",
    "presets",
    "rules_in_force",
    "what_if",
]
