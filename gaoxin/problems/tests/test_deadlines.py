import datetime as dt

import pytest

from gaoxin.core.context import Actor
from gaoxin.problems import actions
from gaoxin.problems.deadlines import compute_deadline


@pytest.mark.parametrize(
    ("severity", "raised", "deadline"),
    [
        ("一般", dt.date(2026, 12, 28), dt.date(2027, 1, 4)),  # 不过周, across the year end
        ("重大", dt.date(2028, 2, 1), dt.date(2028, 3, 2)),  # 不过月, leap February
        ("紧急", dt.date(2026, 5, 31), dt.date(2026, 6, 1)),
    ],
)
def test_deadline_from_severity_on_the_calendar(zone, severity, raised, deadline):
    assert compute_deadline(raised, severity, zone) == deadline


def test_zone_settings_and_working_days(zone):
    zone.settings["problem_deadline_days"] = {"一般": 5}
    assert compute_deadline(dt.date(2026, 9, 28), "一般", zone) == dt.date(2026, 10, 3)
    zone.settings.update(
        problem_deadline_workdays=True,
        holidays=["2026-10-01", "2026-10-02", "2026-10-05"],
        workdays=["2026-10-10"],
    )
    # Mon 28 Sep: 29, 30 Sep; (1, 2 Oct holiday; 3, 4 weekend; 5 holiday) 6, 7, 8 Oct → 5 working days
    assert compute_deadline(dt.date(2026, 9, 28), "一般", zone) == dt.date(2026, 10, 8)
    assert compute_deadline(dt.date(2026, 10, 9), "紧急", zone) == dt.date(2026, 10, 10)  # 调休 Saturday


def test_raising_derives_the_deadline(raise_as):
    p = raise_as(severity="重大", raised_on=dt.date(2026, 3, 1))
    assert p.deadline == dt.date(2026, 3, 31)


def test_overdue_problems_escalate_once_to_the_project_leader(raise_as, users, zone):
    from gaoxin.projects.actions import create_project

    project = create_project(
        {
            "code": "P9",
            "name": "芯片封测基地",
            "type": "产业项目",
            "leader": users.leader,
            "liaison": users.liaison1,
        },
        Actor(user=users.leader),
        zone=zone,
        with_plan=False,
    )
    p = raise_as(project=project, severity="一般", raised_on=dt.date(2026, 3, 1))
    system = Actor()
    assert actions.escalate_overdue(zone, system, today=dt.date(2026, 3, 8)) == 0  # deadline day itself
    assert actions.escalate_overdue(zone, system, today=dt.date(2026, 3, 9)) == 1
    p.refresh_from_db()
    assert p.escalated_to == users.leader and p.escalated_on == dt.date(2026, 3, 9)
    assert actions.escalate_overdue(zone, system, today=dt.date(2026, 3, 10)) == 0
    assert p.is_overdue(dt.date(2026, 3, 9)) and not p.is_overdue(dt.date(2026, 3, 8))
