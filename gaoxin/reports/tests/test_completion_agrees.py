"""Issue 10 item 12: the monthly bulletin and the project dashboard compute 年度投资完成率 with one function
and state one 口径. The dashboard summed every project, terminated ones included; the bulletin left those
out — so the two pages disagreed for the same day."""

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.projects.charts import investment_totals
from gaoxin.projects.engine import ANNUAL_COMPLETION_BASIS
from gaoxin.projects.frames import status_frame
from gaoxin.projects.models import DispatchReport, Project
from gaoxin.reports.bulletin import monthly

pytestmark = pytest.mark.django_db

ASOF = dt.date(2026, 6, 30)


def report(project, start, amount):
    DispatchReport.objects.create(
        project=project, cadence="weekly", period_start=start, period_end=start + dt.timedelta(days=6),
        period_investment=Decimal(amount), cumulative_investment=Decimal(amount), progress="施工",
        submitted_on=start + dt.timedelta(days=6),
    )  # fmt: skip


def test_dashboard_and_bulletin_agree_on_annual_completion(make_project, zone, client_for):
    going = make_project("K1", annual_planned_investment=Decimal("12000000"))
    stopped = make_project("K2", annual_planned_investment=Decimal("8000000"))
    report(going, dt.date(2026, 3, 2), "3000000")
    report(stopped, dt.date(2026, 3, 2), "1000000")
    Project.objects.filter(pk=stopped.pk).update(stage="terminated", terminated_on=dt.date(2026, 4, 1))

    dashboard = investment_totals(status_frame(Project.objects.filter(zone=zone), zone, ASOF))
    bulletin = monthly(zone, "2026-06")["overview"]
    assert dashboard["ratio"] == bulletin["completion"] == 0.25  # 300万 ÷ 1200万, the terminated left out
    assert dashboard["plan"] == bulletin["annual_plan"] == 12_000_000

    leader = client_for("leader")
    assert ANNUAL_COMPLETION_BASIS in leader.get("/projects/dashboard/?year=2026").content.decode()
    assert ANNUAL_COMPLETION_BASIS in leader.get("/reports/monthly/?month=2026-06").content.decode()
