"""Rule tests as data (OpenFisca style): every YAML file under cases/ lists inputs and expectations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
import yaml

from gaoxin.engine import evaluate
from gaoxin.engine.tests.helpers import USCC, frames

CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


def _lookup(a, key: str):
    rule, _, rest = key.partition(".")
    if not rest or rest in ("score", "missing", "version", "score_min", "score_max"):
        row = a.results.filter(pl.col("rule") == rule).to_dicts()[0]
        return row[rest or "verdict"]
    crit, _, col = rest.partition(".")
    row = a.criteria.filter((pl.col("rule") == rule) & (pl.col("criterion") == crit)).to_dicts()
    assert row, f"no criterion {rule}.{crit}"
    return row[0][col or "verdict"]


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    year = case.get("year", 2025)
    ys, es = frames(year, case.get("enterprise"), case.get("years"))
    as_of = date.fromisoformat(str(case["as_of"])) if "as_of" in case else None
    a = evaluate(
        ys, es, year, as_of=as_of, gazelle_preset=case.get("gazelle_preset"), rules=case.get("rules")
    )
    assert a.results["uscc"].unique().to_list() == [USCC]
    for key, expected in case["expect"].items():
        actual = _lookup(a, key)
        if key.endswith(".missing") or key.endswith("missing_contains"):
            assert expected in (actual or ""), f"{key}: {actual!r} lacks {expected!r}"
        else:
            assert str(actual) == str(expected), f"{key}: expected {expected!r}, got {actual!r}"
