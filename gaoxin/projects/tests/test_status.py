"""Status rules at their boundaries (docs/projects.md): node lag days and investment ratio."""

import datetime as dt

import polars as pl
import pytest

from gaoxin.projects.engine import classify_status, months_elapsed
from gaoxin.projects.frames import statuses

ASOF = dt.date(2026, 7, 1)  # six full months elapsed: expected = half the annual plan


def status(overdue_days=None, plan=1200.0, done=600.0, stage="开工", rules=None):
    due = ASOF - dt.timedelta(days=overdue_days) if overdue_days is not None else None
    frame = pl.DataFrame(
        {"stage": [stage], "next_due_on": [due], "annual_plan": [plan], "year_investment": [done]},
        schema={
            "stage": pl.Utf8,
            "next_due_on": pl.Date,
            "annual_plan": pl.Float64,
            "year_investment": pl.Float64,
        },
    )
    return classify_status(frame, ASOF, rules)["status"][0]


@pytest.mark.parametrize(
    ("days", "expected"),
    [(None, "正常"), (0, "正常"), (1, "滞后"), (29, "滞后"), (30, "严重滞后"), (-10, "正常")],
)
def test_node_lag_boundaries(days, expected):
    assert status(overdue_days=days) == expected


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        (600.0, "正常"),
        (480.0, "正常"),
        (479.99, "滞后"),
        (300.0, "滞后"),
        (299.99, "严重滞后"),
        (0.0, "严重滞后"),
    ],
)
def test_investment_ratio_boundaries(done, expected):
    # expected by 1 July: 1200 × 6/12 = 600; 滞后 below 80 % (480), 严重滞后 below 50 % (300)
    assert status(done=done) == expected


def test_no_plan_or_no_elapsed_month_is_not_judged_on_investment():
    assert status(plan=None, done=0.0) == "正常"
    assert months_elapsed(dt.date(2026, 1, 15)) == 0 and months_elapsed(dt.date(2026, 1, 31)) == 1


def test_finished_and_terminated_projects_do_not_lag():
    assert status(overdue_days=90, stage="达产") == "正常"
    assert status(overdue_days=90, stage="终止") == "正常"


def test_zone_rules_override_the_defaults():
    assert status(overdue_days=10, rules={"node_lag_days": 15}) == "正常"
    assert status(done=550.0, rules={"investment_lag_ratio": 0.95}) == "滞后"


def test_status_from_the_database_as_of_a_past_date(make_project, zone, users):
    from gaoxin.core.context import Actor
    from gaoxin.projects.actions import complete_node

    project = make_project(with_plan=True, signed_on=dt.date(2026, 1, 1), annual_planned_investment=None)
    first = project.nodes.get(name="立项")  # due 16 January
    assert statuses(type(project).objects.all(), zone, dt.date(2026, 1, 16))[project.pk] == "正常"
    assert statuses(type(project).objects.all(), zone, dt.date(2026, 1, 17))[project.pk] == "滞后"
    assert statuses(type(project).objects.all(), zone, dt.date(2026, 2, 15))[project.pk] == "严重滞后"
    complete_node(first, dt.date(2026, 1, 20), Actor(user=users.leader))
    # as it stood on 18 January the node was still undone; by 21 January the next node (用地, 17 Mar) leads
    assert statuses(type(project).objects.all(), zone, dt.date(2026, 1, 18))[project.pk] == "滞后"
    assert statuses(type(project).objects.all(), zone, dt.date(2026, 1, 21))[project.pk] == "正常"
