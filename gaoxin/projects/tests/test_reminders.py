"""`gaoxin notify due` for dispatch reports (issue 10 item 6): the liaison is told when a period's report
is due and when it is overdue, once per project and period however often the command runs."""

import datetime as dt

import pytest

from gaoxin.notifications.models import Notification
from gaoxin.organization.tests.test_zone_init import run

pytestmark = pytest.mark.django_db(transaction=True)

SUNDAY = dt.date(2026, 3, 8)  # the last day of the weekly period 03-02 … 03-08


def messages(kind):
    return list(Notification.objects.filter(kind=kind).select_related("recipient"))


def test_due_and_overdue_reports_reach_the_liaison_once(make_project, users):
    project = make_project("R1", name="光电芯片产业园一期", signed_on=dt.date(2026, 1, 10))
    code, out, err = run("notify", "due", "--today", SUNDAY.isoformat())
    assert code == 0, err
    [due] = messages("projects.report_due")
    assert due.recipient == users.liaison1 and "R1 光电芯片产业园一期" in due.title
    assert "请于2026-03-10前填报03-02至03-08调度" in due.title  # two grace days (zone default)
    [late] = messages("projects.report_overdue")
    assert late.recipient == users.liaison1 and "02-23至03-01未填报" in late.title
    assert due.url == late.url == f"/projects/{project.pk}/"
    assert "调度填报提醒 1 条" in out and "调度填报逾期 1 条" in out

    assert run("notify", "due", "--today", SUNDAY.isoformat())[0] == 0  # cron ran twice: nothing new
    assert len(messages("projects.report_due")) == len(messages("projects.report_overdue")) == 1


def test_a_filed_report_is_not_reminded(make_project, users):
    from gaoxin.projects.models import DispatchReport

    project = make_project("R2", signed_on=dt.date(2026, 1, 10))
    DispatchReport.objects.create(
        project=project,
        cadence="weekly",
        period_start=dt.date(2026, 3, 2),
        period_end=SUNDAY,
        period_investment=0,
        cumulative_investment=0,
        progress="主体施工",
        submitted_on=SUNDAY,
    )
    assert run("notify", "due", "--today", SUNDAY.isoformat())[0] == 0
    assert not messages("projects.report_due")


def test_a_bad_date_is_a_clear_error(zone):
    code, _, err = run("notify", "due", "--today", "2026-13-01")
    assert code == 1 and "日期格式不正确" in err and "Traceback" not in err
