"""填报审核 (issue 10, item 5): an enterprise's or street's change waits for the department's review;
approval writes it naming reporter and reviewer; a return carries the reason; staff edit directly."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gaoxin.core.context import Actor
from gaoxin.notifications.models import Notification
from gaoxin.registry import actions as registry
from gaoxin.registry.models import Enterprise, EnterpriseYear
from gaoxin.submissions import actions
from gaoxin.submissions.models import Submission


@pytest.fixture
def own(enterprises):
    return Enterprise.objects.get(pk=enterprises[0].pk)


def test_an_enterprise_users_year_figures_wait_for_review(client_for, client, ent_user, own, users):
    client.force_login(ent_user)
    response = client.post(
        f"/enterprises/{own.pk}/years/2026/",
        {"main_business_revenue": "1250", "main_business_revenue_unit": "万元", "employees": "86"},
    )
    assert response.status_code == 302
    assert not EnterpriseYear.objects.filter(enterprise=own, year=2026).exists()  # not in effect yet
    submission = Submission.objects.get(enterprise=own, year=2026)
    assert submission.status == "pending" and submission.submitted_by == ent_user
    assert submission.changes == {"main_business_revenue": "12500000.00", "employees": 86}
    assert Notification.objects.filter(recipient=users.staff1, kind="submissions.to_review").exists()

    page = client_for("staff1").get(f"/submissions/{submission.pk}/").content.decode()
    assert "1,250万元" in page and "职工总数" in page and "btn-approve" in page
    assert client_for("staff1").post(f"/submissions/{submission.pk}/approve/").status_code == 302

    row = EnterpriseYear.objects.get(enterprise=own, year=2026)
    assert row.main_business_revenue == Decimal("12500000.00") and row.employees == 86
    assert row.entered_by == ent_user  # provenance: who reported …
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.reviewed_by == users.staff1  # … and who approved
    outcome = Notification.objects.get(recipient=ent_user, kind="submissions.reviewed")
    assert "审核通过" in outcome.title


def test_a_return_needs_a_reason_and_writes_nothing(ent_user, own, users):
    submission = actions.submit(own, "enterprise", {"address": "江城大道 88 号"}, Actor(user=ent_user))
    with pytest.raises(ValidationError):
        actions.return_submission(submission, " ", Actor(user=users.staff1))
    actions.return_submission(submission, "地址与营业执照不符", Actor(user=users.staff1))
    own.refresh_from_db()
    assert own.address != "江城大道 88 号"
    message = Notification.objects.get(recipient=ent_user, kind="submissions.reviewed")
    assert "退回" in message.title and "营业执照" in message.body


def test_reporters_cannot_write_directly_and_staff_edits_stay_direct(ent_user, own, users, org):
    with pytest.raises(PermissionDenied):
        registry.update_enterprise(own, {"address": "直接修改"}, Actor(user=ent_user))
    street_enterprise = Enterprise.objects.filter(unit__path__startswith=users.street.unit.path).first()
    with pytest.raises(PermissionDenied):
        registry.save_year(street_enterprise, 2025, {"employees": 5}, Actor(user=users.street))
    registry.update_enterprise(own, {"address": "经发局直接修改"}, Actor(user=users.staff1))
    own.refresh_from_db()
    assert own.address == "经发局直接修改" and not Submission.objects.exists()


def test_only_a_department_reviews_and_only_once(ent_user, own, users):
    submission = actions.submit(own, "enterprise", {"address": "新址"}, Actor(user=ent_user))
    with pytest.raises(PermissionDenied):
        actions.approve(submission, Actor(user=users.street))  # a street is not the department
    actions.approve(submission, Actor(user=users.staff1))
    submission.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.approve(submission, Actor(user=users.staff1))


def test_an_enterprise_may_not_report_managed_fields(ent_user, own, users):
    with pytest.raises(PermissionDenied):
        actions.submit(own, "enterprise", {"liaison": users.liaison2}, Actor(user=ent_user))


def test_a_record_changed_after_the_report_is_not_overwritten(ent_user, own, users):
    from gaoxin.core.actions import StaleVersionError

    submission = actions.submit(own, "enterprise", {"address": "企业填报的地址"}, Actor(user=ent_user))
    registry.update_enterprise(own, {"contact_name": "王敏"}, Actor(user=users.staff1))
    with pytest.raises(StaleVersionError):
        actions.approve(submission, Actor(user=users.staff1))
