"""The home dashboard's to-do list (待办事项): each person sees what they answer for — problems of their
projects or unit, node plans due, their enterprises' expiring qualifications — overdue first."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from gaoxin.core.context import Actor
from gaoxin.problems.models import Problem
from gaoxin.projects.actions.reporting import submit_report
from gaoxin.projects.models import Project
from gaoxin.web.dashboard import dashboard_todos

pytestmark = pytest.mark.django_db


def todos(client) -> str:
    return client.get("/").content.decode().split('id="todos"')[1]


@pytest.fixture
def overdue_problem(make_project, users):
    project = make_project("T001", liaison=users.liaison1)
    submit_report(
        project, {"progress": "场平", "period_investment": 10}, Actor(user=users.liaison1),
        problems=[{"description": "临时用电未接通影响场平施工", "severity": "一般"}],
    )  # fmt: skip
    problem = Problem.objects.get(project=project)
    Problem.objects.filter(pk=problem.pk).update(deadline=timezone.localdate() - dt.timedelta(days=3))
    return problem


def test_a_liaison_sees_the_overdue_problem_of_his_project(client_for, overdue_problem):
    mine = todos(client_for("liaison1"))
    assert overdue_problem.code in mine and "临时用电未接通" in mine and "已逾期 3 天" in mine
    assert overdue_problem.code not in todos(client_for("liaison2"))


def test_node_plans_due_are_listed_for_their_project_people(client_for, make_project, users):
    project = make_project("T002", with_plan=True, liaison=users.liaison2)
    due = timezone.localdate() + dt.timedelta(days=2)
    Project.objects.filter(pk=project.pk).update(next_due_on=due)
    text = todos(client_for("liaison2"))
    assert project.name in text and "2 天后到期" in text
    assert project.name not in todos(client_for("liaison1"))
    assert project.name in todos(client_for("leader"))  # the project's 包抓领导


def test_expiring_qualifications_of_a_liaisons_enterprises(client_for, org, users):
    from gaoxin.registry.demo import populate
    from gaoxin.registry.models import Qualification

    units = [u for u in org.units.values() if u.level == 2]
    ent = populate(random.Random(5), 1, units, [users.liaison1], org.today)[0]
    soon = timezone.localdate() + dt.timedelta(days=20)
    Qualification.objects.create(
        enterprise=ent,
        kind="hte",
        level="national",
        granted_on=soon - dt.timedelta(days=3 * 365),
        expires_on=soon,
    )
    text = todos(client_for("liaison1"))
    assert ent.name in text and "20 天后到期" in text
    assert ent.name not in todos(client_for("liaison2"))


def test_overdue_first_and_nothing_to_do_says_so(rf, client_for, overdue_problem, make_project, users):
    project = make_project("T003", liaison=users.liaison1)
    Project.objects.filter(pk=project.pk).update(next_due_on=timezone.localdate() + dt.timedelta(days=1))
    request = rf.get("/")
    request.user = users.liaison1
    items, _ = dashboard_todos(request, timezone.localdate())
    assert [t.overdue for t in items] == sorted((t.overdue for t in items), reverse=True) and items[0].overdue
    assert "暂无待办事项" in todos(client_for("bank"))


def test_dashboard_within_query_budget(client_for, overdue_problem, django_assert_max_num_queries):
    client = client_for("leader")
    with django_assert_max_num_queries(40):
        assert client.get("/").status_code == 200


def test_department_staff_see_their_units_problems(client_for, overdue_problem, users):
    assert overdue_problem.lead_department is not None
    staff = [u for u in users.__dict__.values() if getattr(u, "role", "") == "staff"]
    inside = [u for u in staff if u.unit and overdue_problem.lead_department.path.startswith(u.unit.path)]
    outside = [
        u for u in staff if u.unit and not overdue_problem.lead_department.path.startswith(u.unit.path)
    ]
    assert inside and outside
    assert overdue_problem.code in todos(client_for(inside[0].username))
    assert overdue_problem.code not in todos(client_for(outside[0].username))
