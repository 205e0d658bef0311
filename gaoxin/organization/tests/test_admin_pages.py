from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from gaoxin.core.models import CustomField
from gaoxin.core.models.customfields import validate_custom_fields
from gaoxin.organization.models import User, Zone


def test_sysadmin_creates_an_account_without_a_role(client_for, org):
    response = client_for("sysadmin").post(
        "/org/users/new/",
        {
            "username": "newstaff",
            "full_name": "新同事",
            "unit": org.units["经济发展局"].pk,
            "title": "科员",
            "phone": "13900000000",
            "organization_name": "",
            "password": "Start-Pass-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newstaff")
    assert user.role == "pending" and not user.can("registry.view")
    assert user.password_expired  # the initial password must be changed at first login


def test_weak_initial_password_is_refused_with_reason(client_for, org):
    response = client_for("sysadmin").post("/org/users/new/", {"username": "weak", "password": "abcdefghij"})
    assert "至少三类" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def _settings_post(version, general="5"):
    return {
        "deadline_general": general,
        "deadline_major": "30",
        "deadline_urgent": "1",
        "dispatch_cadence": "monthly",
        "near_gap_threshold": "0.2",
        "gazelle_preset": "guangzhou_huangpu",
        "version": version,
    }


def test_zone_settings_are_saved_and_stale_saves_refused(client_for, org):
    c = client_for("sysadmin")
    zone = Zone.objects.get()
    assert c.post("/org/settings/", _settings_post(zone.version)).status_code == 302
    zone.refresh_from_db()
    assert (
        zone.settings["problem_deadline_days"]["一般"] == 5 and zone.settings["dispatch_cadence"] == "monthly"
    )
    stale = c.post("/org/settings/", _settings_post(zone.version - 1, general="9"))
    assert "您的保存未生效" in stale.content.decode()
    zone.refresh_from_db()
    assert zone.settings["problem_deadline_days"]["一般"] == 5


@pytest.mark.parametrize(
    ("field_type", "raw", "ok"),
    [
        ("integer", "12", True),
        ("integer", "1.5", False),
        ("integer", "999", False),
        ("select", "A级", True),
        ("select", "Z级", False),
        ("boolean", "是", True),
        ("date", "2024年3月1日", True),
    ],
)
def test_custom_field_values_are_validated(org, field_type, raw, ok):
    ct = ContentType.objects.get_for_model(Zone)
    CustomField.objects.create(
        content_type=ct, name="f", label="字段", type=field_type, maximum=Decimal(100), choices=["A级", "B级"]
    )
    cleaned, errors = validate_custom_fields(Zone, {"f": raw})
    assert (not errors) is ok
    if not ok:
        assert errors["f"].startswith("字段")


def test_undefined_custom_field_is_an_error(org):
    _, errors = validate_custom_fields(Zone, {"nope": "1"})
    assert errors == {"nope": "未定义的自定义字段"}
