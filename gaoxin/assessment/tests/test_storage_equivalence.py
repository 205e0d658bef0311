"""The results pages after the storage change show what they showed before it.

``fixtures/results_before.json`` was captured with the code path that stored one CriterionResult row per
criterion (before the compact per-enterprise detail): for a seeded zone of 40 enterprises assessed for
2026, every stored verdict (rule, verdict, scores, missing, distance) and every enterprise's explanation
(``explain.stored``: criteria with names, values, thresholds, gap texts, references). The test rebuilds the
same zone, assesses it with the current code and compares; GAOXIN_CAPTURE=1 writes the file instead.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "results_before.json"
TODAY = dt.date(2026, 6, 30)


def results(org, users) -> dict:
    from gaoxin.assessment import explain
    from gaoxin.assessment.actions import run_assessment
    from gaoxin.assessment.models import Verdict
    from gaoxin.core.context import Actor
    from gaoxin.registry.demo import populate
    from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS
    from gaoxin.registry.models import Enterprise

    units = [u for u in org.units.values() if u.kind in ENTERPRISE_UNIT_KINDS]
    populate(random.Random(7), 40, units, org.people["liaison"], TODAY, log=False)
    run_assessment(2026, Actor(user=users.leader))
    verdicts = sorted(
        [v.enterprise.uscc, v.rule, v.version, v.verdict, v.score, v.score_min, v.score_max, v.missing,
         None if v.distance is None else round(v.distance, 9)]
        for v in Verdict.objects.filter(year=2026).select_related("enterprise")
    )  # fmt: skip
    explanations = {}
    for enterprise in Enterprise.objects.order_by("uscc"):
        explanations[enterprise.uscc] = [
            {"rule": r["verdict"].rule, "label": r["label"], "criteria": r["criteria"]}
            for r in explain.stored(enterprise, 2026)
        ]
    return {"verdicts": verdicts, "explanations": explanations}


@pytest.mark.django_db
def test_verdicts_gaps_and_explanations_are_those_of_the_per_criterion_rows(org, users):
    now = json.loads(json.dumps(results(org, users), ensure_ascii=False))
    if os.environ.get("GAOXIN_CAPTURE"):
        FIXTURE.write_text(json.dumps(now, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        pytest.skip("captured")
    before = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(before["verdicts"]) == len(now["verdicts"]) > 300
    assert now["verdicts"] == before["verdicts"]
    criteria = sum(len(r["criteria"]) for rules in before["explanations"].values() for r in rules)
    assert criteria > 1000
    for uscc, rules in before["explanations"].items():
        for rule_before, rule_now in zip(rules, now["explanations"][uscc], strict=True):
            for c_before, c_now in zip(rule_before["criteria"], rule_now["criteria"], strict=True):
                assert (uscc, rule_now["rule"], c_now) == (uscc, rule_before["rule"], c_before)
    assert now["explanations"] == before["explanations"]
