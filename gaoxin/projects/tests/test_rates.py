"""开工率 / 投产率 / investment completion on a hand-built cohort, and the stats command."""

import datetime as dt
import json
from decimal import Decimal

from django.core.management import call_command

from gaoxin.projects.stats import breakdown, cohort_stats


def build_cohort(make_project, org, users):
    """2025 cohort of five: 2 producing (one 达产), 1 under construction, 1 signed only, 1 terminated."""
    d = dt.date
    make_project("A", signed_on=d(2025, 2, 1), started_on=d(2025, 4, 1), production_started_on=d(2025, 10, 1))
    make_project(
        "B",
        signed_on=d(2025, 3, 1),
        started_on=d(2025, 5, 1),
        production_started_on=d(2025, 11, 1),
        full_capacity_on=d(2026, 3, 1),
        department=org.units["招商合作局"],
    )
    make_project("C", signed_on=d(2025, 6, 1), started_on=d(2025, 9, 1), type="基础设施")
    make_project("D", signed_on=d(2025, 12, 1), total_investment=Decimal("50000000"))
    make_project("E", signed_on=d(2025, 7, 1), terminated_on=d(2025, 9, 1), termination_reason="企业撤资")
    make_project("X", signed_on=d(2024, 7, 1), started_on=d(2024, 9, 1))  # another cohort


def test_rates_of_a_hand_built_cohort(make_project, zone, org, users):
    build_cohort(make_project, org, users)
    s = cohort_stats(zone, 2025, asof=dt.date(2026, 6, 30))
    assert (s["signed"], s["started"], s["in_production"]) == (5, 3, 2)
    assert s["start_rate"] == 0.6 and s["production_rate"] == 0.4
    assert s["signed_investment"] == 450_000_000.0


def test_rates_as_of_an_earlier_date(make_project, zone, org, users):
    build_cohort(make_project, org, users)
    s = cohort_stats(zone, 2025, asof=dt.date(2025, 8, 31))  # only A, B started; E not yet terminated
    assert (s["signed"], s["started"], s["in_production"]) == (5, 2, 0)


def test_breakdown_by_department(make_project, zone, org, users):
    build_cohort(make_project, org, users)
    rows = {r["name"]: r for r in breakdown(zone, 2025, "department")}
    assert rows["招商合作局"]["signed"] == 1 and rows["招商合作局"]["production_rate"] == 1.0
    assert rows["经济发展局"]["signed"] == 4 and rows["经济发展局"]["start_rate"] == 0.5


def test_stats_command_prints_json(make_project, org, users, capsys):
    build_cohort(make_project, org, users)
    call_command("projects", "stats", "--year", "2025", "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {
        "year",
        "signed",
        "started",
        "in_production",
        "start_rate",
        "production_rate",
        "signed_investment",
        "investment_completion",
    }
    assert data["year"] == 2025 and data["signed"] == 5 and data["start_rate"] == 0.6
