import pytest

from gaoxin.organization.choices import Role
from gaoxin.organization.permissions import ROLE_CAPABILITIES

ADMIN_CAPS = {Role.SYSADMIN: "users.manage", Role.SECADMIN: "roles.assign", Role.AUDITOR: "audit.view"}


@pytest.mark.parametrize("role", list(ADMIN_CAPS))
def test_three_admin_roles_are_separated(role):
    own = ADMIN_CAPS[role]
    assert own in ROLE_CAPABILITIES[role]
    for other, cap in ADMIN_CAPS.items():
        if other != role:
            assert cap not in ROLE_CAPABILITIES[role]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("auditor", 200),
        ("sysadmin", 403),
        ("secadmin", 403),
        ("leader", 403),
        ("staff1", 403),
    ],
)
def test_only_the_auditor_reads_the_audit_log(client_for, username, status):
    assert client_for(username).get("/org/audit/").status_code == status


@pytest.mark.parametrize(("username", "status"), [("secadmin", 200), ("sysadmin", 403), ("auditor", 403)])
def test_only_the_security_admin_manages_security(client_for, username, status):
    assert client_for(username).get("/org/security/").status_code == status


def test_refused_access_is_itself_audited(client_for):
    from gaoxin.core.models import SecurityEvent

    client_for("leader").get("/org/audit/")
    assert SecurityEvent.objects.filter(kind="permission_denied", username="leader").exists()


def test_security_admin_unlocks_and_assigns_roles(client_for, users):
    from django.utils import timezone

    users.staff1.locked_until = timezone.now() + timezone.timedelta(minutes=30)
    users.staff1.save()
    c = client_for("secadmin")
    c.post("/org/security/", {"op": "unlock", "user": users.staff1.pk})
    c.post("/org/security/", {"op": "role", "user": users.liaison2.pk, "role": "staff"})
    users.staff1.refresh_from_db()
    users.liaison2.refresh_from_db()
    assert not users.staff1.is_locked and users.liaison2.role == "staff"


def test_unit_tree_depth_is_limited_to_four(org):
    from django.core.exceptions import ValidationError

    from gaoxin.organization.models import Unit

    village = Unit.objects.filter(level=3).first()
    fourth = Unit(zone=org.zone, parent=village, name="第四级小组", kind="community")
    fourth.full_clean()
    fourth.save()
    fifth = Unit(zone=org.zone, parent=fourth, name="第五级", kind="community")
    with pytest.raises(ValidationError):
        fifth.full_clean()
