import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.core.context import Actor
from gaoxin.projects.actions.reporting import missing_reports, send_reminders, submit_report
from gaoxin.projects.models import Project
from gaoxin.projects.periods import last_due_period, period_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MONDAY = dt.date(2026, 11, 16)


def test_weekly_and_monthly_periods(zone):
    assert period_of(dt.date(2026, 11, 19), "weekly") == (MONDAY, dt.date(2026, 11, 22))
    assert period_of(dt.date(2026, 2, 10), "monthly") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    # grace of 2 days: on Tuesday 24 Nov the week of 16–22 Nov is due; on Monday 23 Nov not yet
    assert last_due_period(dt.date(2026, 11, 25), zone)[0] == MONDAY
    assert last_due_period(dt.date(2026, 11, 24), zone)[0] == MONDAY - dt.timedelta(days=7)


def test_liaison_files_a_report_with_photo_and_problem(make_project, users):
    project = make_project(cumulative_investment=Decimal("1000000"))
    photo = SimpleUploadedFile("site.png", PNG, content_type="image/png")
    report = submit_report(
        project,
        {"period_investment": "500000", "progress": "主体结构封顶", "period_day": MONDAY},
        Actor(user=users.liaison1),
        photos=[photo],
        problems=[{"description": "施工用电未接入", "category": "用电", "severity": "紧急"}],
        today=dt.date(2026, 11, 20),
    )
    assert report.cumulative_investment == Decimal("1500000") and report.on_time
    assert report.photos.get().content_type == "image/png"
    problem = report.problems.get()
    assert problem.source == "dispatch" and problem.project == project
    assert problem.lead_department == project.department and problem.deadline == dt.date(2026, 11, 21)
    project.refresh_from_db()
    assert project.cumulative_investment == Decimal("1500000")
    with pytest.raises(ValidationError, match="本期调度已填报"):
        submit_report(project, {"period_day": MONDAY, "progress": "x"}, Actor(user=users.liaison1))


def test_photos_are_checked_for_type_and_size(make_project, users, zone):
    project = make_project()
    fake = SimpleUploadedFile("a.jpg", b"GIF89a....", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="不是 JPG 或 PNG"):
        submit_report(project, {"progress": "x"}, Actor(user=users.liaison1), photos=[fake])
    zone.settings["photo_max_mb"] = 0
    zone.save()
    project.refresh_from_db()
    big = SimpleUploadedFile("b.png", PNG, content_type="image/png")
    with pytest.raises(ValidationError, match="超过 0MB"):
        submit_report(project, {"progress": "x"}, Actor(user=users.liaison1), photos=[big])


def test_late_report_is_marked_and_cumulative_cannot_fall(make_project, users):
    project = make_project()
    actor = Actor(user=users.liaison1)
    submit_report(
        project,
        {"period_investment": 100, "period_day": MONDAY, "progress": "土方"},
        actor,
        today=dt.date(2026, 11, 25),
    )
    report = project.reports.get()
    assert not report.on_time  # due 24 November
    with pytest.raises(ValidationError, match="不能小于上期"):
        data = {"period_day": dt.date(2026, 11, 23), "cumulative_investment": 50, "progress": "x"}
        submit_report(project, data, actor, today=dt.date(2026, 11, 25))


def test_only_the_projects_own_liaison_reports(make_project, users):
    project = make_project(liaison=users.liaison2)
    with pytest.raises(PermissionDenied):
        submit_report(project, {"progress": "x"}, Actor(user=users.liaison1))


def test_missing_reports_and_reminders(make_project, zone, users):
    a = make_project("A", signed_on=dt.date(2026, 1, 1))
    make_project("B", signed_on=dt.date(2026, 1, 1))
    make_project("C", signed_on=dt.date(2026, 11, 30))  # signed after the period: not due
    submit_report(
        a,
        {"period_day": MONDAY, "progress": "正常推进"},
        Actor(user=users.liaison1),
        today=dt.date(2026, 11, 20),
    )
    late, period = missing_reports(Project.objects.all(), zone, dt.date(2026, 11, 25))
    assert period[0] == MONDAY and [p.code for p in late] == ["B"]
    assert send_reminders(Project.objects.all(), zone, Actor(user=users.staff1), dt.date(2026, 11, 25)) == 1
