"""The engine's field catalogue mirrors the shared import templates (their contract copy in the
repository's tests/contract/, checked against ../shared/ by registry's test_reference_copies); every rule
file loads."""

from __future__ import annotations

from pathlib import Path

import yaml

from gaoxin.engine.catalog import catalog
from gaoxin.engine.ruleset import all_rules, presets, rules_in_force

CONTRACT = Path(__file__).resolve().parents[3] / "tests" / "contract" / "schema"


def test_yearly_fields_match_the_template():
    template = yaml.safe_load((CONTRACT / "enterprise_year.yaml").read_text(encoding="utf-8"))
    fields = [c["field"] for c in template["columns"] if c["field"] not in ("uscc", "year")]
    ours = [f.name for f in catalog().values() if f.scope == "yearly"]
    assert ours == fields
    for c in template["columns"]:
        if c["field"] in catalog():
            assert catalog()[c["field"]].label == c["header"]


def test_qualification_kinds_match_the_template():
    template = yaml.safe_load((CONTRACT / "qualification.yaml").read_text(encoding="utf-8"))
    kinds = next(c["choices"] for c in template["columns"] if c["field"] == "kind")
    from gaoxin.engine.lang.functions import kinds as ours

    assert list(ours()) == kinds


def test_every_rule_file_loads_with_document_references():
    rules = all_rules()
    assert {r.id for r in rules} >= {"hte", "tsme", "innovative_sme", "srdi_sme", "little_giant", "unicorn"}
    for r in rules:
        for c in r.criteria:
            assert c.doc_ref, f"{r.path} {c.id} cites no document"


def test_presets():
    assert presets() == [
        "guangzhou_huangpu",
        "jinan_hitech_zone_2016",
        "shandong_province",
        "zhengzhou_hitech_zone",
    ]
    from datetime import date

    ids = {r.id for r in rules_in_force(date(2025, 6, 30), "guangzhou_huangpu")}
    assert {"gazelle", "potential_gazelle"} <= ids
    assert "gazelle" not in {r.id for r in rules_in_force(date(2025, 6, 30))}
