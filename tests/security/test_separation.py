"""三员分立 (issue 14 item 3): nobody changes their own role; administrator roles only through the
installer's CLI; an administrator account never gets a business role. Refusals are audited."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gaoxin.core.models import SecurityEvent


def post_role(client, user, role):
    return client.post("/org/security/", {"op": "role", "user": user.pk, "role": role})


@pytest.mark.parametrize("role", ["leader", "auditor", "sysadmin", "staff"])
def test_secadmin_cannot_give_himself_any_role(users, client_for, role):
    response = post_role(client_for("secadmin"), users.secadmin, role)
    users.secadmin.refresh_from_db()
    assert users.secadmin.role == "secadmin"
    assert response.status_code == 403
    assert SecurityEvent.objects.filter(kind="permission_denied", username="secadmin").exists()


def test_secadmin_cannot_make_anyone_an_administrator(users, client_for):
    response = post_role(client_for("secadmin"), users.staff1, "auditor")
    users.staff1.refresh_from_db()
    assert response.status_code == 403 and users.staff1.role == "staff"


def test_an_administrator_account_gets_no_business_role(users, client_for):
    response = post_role(client_for("secadmin"), users.auditor, "leader")
    users.auditor.refresh_from_db()
    assert response.status_code == 403 and users.auditor.role == "auditor"
    with pytest.raises(CommandError):
        call_command("admin", "assign", "auditor", "leader")


def test_secadmin_still_assigns_business_roles(users, client_for):
    response = post_role(client_for("secadmin"), users.staff1, "liaison")
    users.staff1.refresh_from_db()
    assert response.status_code == 302 and users.staff1.role == "liaison"


def test_the_installer_cli_sets_administrator_roles(users):
    users.staff1.role = "pending"
    users.staff1.save()
    call_command("admin", "assign", "staff1", "auditor")
    users.staff1.refresh_from_db()
    assert users.staff1.role == "auditor"


@pytest.mark.parametrize("data", [{"user": "abc"}, {"user": "1", "role": "bogus"}])
def test_bad_security_form_input_is_no_500(users, client_for, data):
    data = {"op": "role", **data}
    if data["user"] == "1":
        data["user"] = str(users.staff1.pk)
    response = client_for("secadmin").post("/org/security/", data)
    assert response.status_code == 302
    users.staff1.refresh_from_db()
    assert users.staff1.role == "staff"
