import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gaoxin.core.context import Actor
from gaoxin.core.models.changelog import AppendOnlyError
from gaoxin.projects.actions import ranking
from gaoxin.projects.models import RankingSnapshot

DEPTS = ["经济发展局", "招商合作局", "科技创新局", "规划建设局"]


@pytest.fixture
def four_departments(make_project, org):
    """One project per department; the later the department, the more overdue its node plan."""
    for i, name in enumerate(DEPTS):
        make_project(
            f"R{i}",
            department=org.units[name],
            signed_on=dt.date(2026, 1, 1),
            start_planned_on=dt.date(2026, 9, 30) - dt.timedelta(days=20 * i),
            annual_planned_investment=None,
        )


def test_monthly_ranking_orders_units_and_flags_red_and_black(four_departments, zone):
    data = ranking.compute(zone, "monthly", "2026-10", "department")
    names = [r["unit"] for r in data["results"]]
    assert names == DEPTS  # 1, 21, 41, 61 days overdue on 31 October
    red = [r["unit"] for r in data["results"] if r["red"]]
    black = [r["unit"] for r in data["results"] if r["black"]]
    assert red == ["经济发展局", "招商合作局"] and black == ["科技创新局", "规划建设局"]
    assert data["labels"] == {"good": "红榜", "bad": "黑榜"}
    assert {row["code"] for row in data["inputs"]} == {"R0", "R1", "R2", "R3"}


def test_exempted_unit_is_kept_off_the_black_list(four_departments, zone, org, users):
    ranking.exempt(org.units["规划建设局"], "2026-10", "特大暴雨停工", Actor(user=users.leader))
    results = ranking.compute(zone, "monthly", "2026-10", "department")["results"]
    last = results[-1]
    assert last["unit"] == "规划建设局" and last["exempt"] and not last["black"]
    assert last["exempt_reason"] == "特大暴雨停工"


def test_published_snapshot_is_immutable_and_once_only(four_departments, zone, users, org):
    actor = Actor(user=users.leader)
    snap = ranking.publish(zone, "monthly", "2026-10", "department", actor)
    before = list(snap.results)
    # the data changes afterwards: the published list does not
    from gaoxin.projects.models import Project

    Project.objects.filter(code="R3").update(department=org.units["经济发展局"])
    snap.refresh_from_db()
    assert snap.results == before and snap.inputs[0]["code"].startswith("R")
    with pytest.raises(ValidationError, match="已发布"):
        ranking.publish(zone, "monthly", "2026-10", "department", actor)
    snap.period = "2026-11"
    with pytest.raises(AppendOnlyError):
        snap.save()
    with pytest.raises(AppendOnlyError):
        RankingSnapshot.objects.filter(pk=snap.pk).update(period="2026-09")
    with pytest.raises(ValidationError, match="尚未结束"):
        ranking.publish(zone, "yearly", "2099", "department", actor)


def test_publishing_needs_the_capability(four_departments, zone, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ranking.publish(zone, "monthly", "2026-10", "department", Actor(user=users.liaison1))


def test_quarterly_awards_have_their_names(four_departments, zone):
    data = ranking.compute(zone, "quarterly", "2026-Q3", "department")
    assert data["labels"] == {"good": "骏马奖", "bad": "蜗牛奖"}
    with pytest.raises(ValueError, match="期次格式"):
        ranking.compute(zone, "quarterly", "2026-13", "department")
