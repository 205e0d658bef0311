"""Problems tell the people who must act (issue 10 item 6): the lead department when a problem is assigned
or 督办, the project's leader when it is escalated, the raiser when it waits for 确认销号."""

import datetime as dt

import pytest

from gaoxin.core.context import Actor
from gaoxin.notifications.models import Notification
from gaoxin.problems import actions

pytestmark = pytest.mark.django_db


def inbox(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_a_raised_problem_is_assigned_to_the_lead_department(raise_as, users):
    problem = raise_as("liaison1")
    [message] = inbox(users.staff1, "problems.assigned")  # staff1 works in 经济发展局, the lead department
    assert problem.code in message.title and "经济发展局" in message.title
    assert message.url == f"/problems/{problem.pk}/"
    assert not inbox(users.liaison1, "problems.assigned")  # the raiser is not told of their own act
    assert not inbox(users.street, "problems.assigned")  # another unit's staff


def test_a_resolved_problem_asks_its_raiser_to_confirm(raise_as, users, as_):
    problem = raise_as("liaison1")
    actions.accept(problem, as_("staff1"))
    actions.resolve(problem, "已协调供电公司完成增容", as_("staff1"))
    [message] = inbox(users.liaison1, "problems.to_confirm")
    assert "请确认销号" in message.title and "完成增容" in message.body


def test_supervision_reaches_the_lead_department(raise_as, users, as_):
    problem = raise_as("liaison1")
    actions.supervise(problem, "三日内报送整改方案", dt.date.today() + dt.timedelta(days=3), as_("leader"))
    [message] = inbox(users.staff1, "problems.supervised")
    assert "三日内报送整改方案" in message.body


def test_escalation_reaches_the_project_leader(raise_as, users, make_project, zone):
    project = make_project("P9")
    problem = raise_as("liaison1", project=project, raised_on=dt.date(2026, 3, 1))
    late = problem.deadline + dt.timedelta(days=2)
    assert actions.escalate_overdue(zone, Actor.system("超期升级"), today=late) == 1
    [message] = inbox(users.leader, "problems.escalated")
    assert "超期2天" in message.title


def _import(rows, users):
    from gaoxin.transfer.importer import run_import
    from gaoxin.transfer.kinds import get_kind
    from gaoxin.transfer.writer import write_csv

    headers = ["问题编号", "问题描述", "问题类别", "紧急程度", "提出日期", "牵头部门", "办结日期", "销号日期"]
    report = run_import(get_kind("problems"), write_csv(headers, rows), "q.csv", Actor(user=users.leader))
    assert report.ok, report.as_json()["errors"]


def test_problems_imported_from_excel_are_assigned_like_raised_ones(users, org):
    """Issue 10: a problem ledger imported from Excel told nobody — the lead department's handlers got no
    交办 message, so imported problems waited unseen until they were overdue."""
    today = dt.date.today().isoformat()
    _import(
        [["IMP-1", "用地指标未落实", "用地", "重大", today, "经济发展局", "", ""],
         ["IMP-2", "历史问题已销号", "用电", "一般", "2026-01-05", "经济发展局", "2026-01-08", "2026-01-09"]],
        users,
    )  # fmt: skip
    [message] = inbox(users.staff1, "problems.assigned")  # the open one only: a closed row is history
    assert "IMP-1" in message.title and "经济发展局" in message.title and message.url.startswith("/problems/")
    _import([["IMP-1", "用地指标未落实（更新描述）", "用地", "重大", today, "经济发展局", "", ""]], users)
    assert len(inbox(users.staff1, "problems.assigned")) == 1  # an update of the same assignment: no second


def test_a_large_import_sends_each_department_one_digest(users, org):
    today = dt.date.today().isoformat()
    rows = [[f"IMP-{n}", f"问题{n}", "其他", "一般", today, "经济发展局", "", ""] for n in range(12)]
    _import(rows, users)
    [message] = inbox(users.staff1, "problems.assigned")
    assert "12" in message.title and "导入" in message.title and "lead_department=" in message.url
