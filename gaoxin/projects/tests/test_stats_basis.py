"""`gaoxin projects stats` and the 重点项目看板 page report the same figures on the same basis (口径,
issue 10): the same cohort (signed in the year, terminated ones included), the same 开工/投产 flags and
the same two investment ratios (the cohort's and the in-stock 年度投资完成率 the page shows)."""

from __future__ import annotations

import json
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from gaoxin.demo.builders import STEPS, DemoContext

    ctx = DemoContext(
        seed=3, enterprises=30, rng=random.Random(3), today=timezone.localdate(), progress=print
    )
    for _, _, build in STEPS:
        build(ctx)
    return ctx


def _command(year: int, capsys) -> dict:
    capsys.readouterr()
    call_command("projects", "stats", "--year", str(year), "--json")
    return json.loads(capsys.readouterr().out)


def _page(client, year: int) -> dict:
    from gaoxin.organization.models import User

    client.force_login(User.objects.get(username="leader"))  # sees the whole zone, as the command does
    response = client.get("/projects/dashboard/", {"year": year})
    assert response.status_code == 200
    return response.context


@pytest.mark.parametrize("years_back", [0, 1])
def test_command_and_dashboard_agree(demo, client, capsys, years_back):
    year = timezone.localdate().year - years_back
    data, page = _command(year, capsys), _page(client, year)
    assert data["signed"] > 0  # the demo has a cohort that year: the comparison compares something
    for key in ("signed", "started", "in_production", "start_rate", "production_rate", "signed_investment",
                "annual_plan", "year_investment", "investment_completion"):  # fmt: skip
        assert data[key] == pytest.approx(page["stats"][key]), key
    invest = page["invest"]
    assert data["in_stock"] == pytest.approx(
        {"annual_plan": invest["plan"], "year_investment": invest["done"],
         "total_investment": invest["total"], "completion": invest["ratio"]}
    )  # fmt: skip


def test_command_text_shows_every_defined_figure(demo, capsys):
    """The text output printed a definition of 年度投资完成率 but never the figure: each defined figure
    is now reported."""
    call_command("projects", "stats", "--year", str(timezone.localdate().year))
    out = capsys.readouterr().out
    for name in ("开工率", "投产率", "签约项目年度投资完成率", "年度投资完成率（在库项目"):
        assert name in out, name
