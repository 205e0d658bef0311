"""调度更正 (issue 10, item 5): a dispatch report filed with a typo is corrected by its filer until the
department confirms it; nobody else corrects it, and a confirmed report is final."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gaoxin.core.context import Actor
from gaoxin.projects.actions.corrections import confirm_report, correct_report
from gaoxin.projects.actions.reporting import submit_report


@pytest.fixture
def report(make_project, users):
    project = make_project("C001")
    return submit_report(
        project, {"progress": "基础施工", "period_investment": "35000000"}, Actor(user=users.liaison1)
    )


def test_the_filer_corrects_a_typo_until_the_department_confirms(client_for, report, users):
    c = client_for("liaison1")
    assert (
        f"/projects/reports/{report.pk}/correct/" in c.get(f"/projects/{report.project_id}/").content.decode()
    )
    response = c.post(
        f"/projects/reports/{report.pk}/correct/",
        {
            "period_investment": "350",
            "period_investment_unit": "万元",
            "progress": "基础施工完成",
            "version": report.version,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.period_investment == Decimal("3500000.00") and report.cumulative_investment == Decimal(
        "3500000.00"
    )
    assert report.project.__class__.objects.get(pk=report.project_id).cumulative_investment == Decimal(
        "3500000.00"
    )

    assert client_for("staff1").post(f"/projects/reports/{report.pk}/confirm/").status_code == 302
    report.refresh_from_db()
    assert report.confirmed_by == users.staff1
    with pytest.raises(ValidationError):
        correct_report(report, {"period_investment": 1, "progress": "再改"}, Actor(user=users.liaison1))


def test_only_the_filer_corrects(report, users):
    with pytest.raises(PermissionDenied):
        correct_report(report, {"period_investment": 1, "progress": "x"}, Actor(user=users.leader))


def test_a_liaison_cannot_confirm(report, users):
    with pytest.raises(PermissionDenied):
        confirm_report(report, Actor(user=users.liaison1))
