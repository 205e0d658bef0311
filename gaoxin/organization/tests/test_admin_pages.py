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


def test_the_security_limits_are_zone_settings_on_the_page(client_for, org, users):
    """api_token_days and import_max_rows were read from Zone.settings but no page could set them: a zone
    had to edit its database to shorten token lifetimes (issue 14 items 5 and 10)."""
    import datetime as dt

    from gaoxin.core.limits import zone_limit
    from gaoxin.core.models.tokens import ApiToken

    c = client_for("sysadmin")
    zone = Zone.objects.get()
    page = c.get("/org/settings/").content.decode()
    assert "接口令牌有效期（天）" in page and "单次导入行数上限" in page
    post = {**_settings_post(zone.version), "api_token_days": "30", "import_max_rows": "5000"}
    assert c.post("/org/settings/", post).status_code == 302
    zone.refresh_from_db()
    assert (zone_limit(zone, "api_token_days"), zone_limit(zone, "import_max_rows")) == (30, 5000)
    token, _ = ApiToken.issue(users.sysadmin)  # a token issued now lives the zone's 30 days
    assert abs((token.expires - token.created) - dt.timedelta(days=30)) < dt.timedelta(minutes=1)
    refused = c.post("/org/settings/", {**post, "version": zone.version, "import_max_rows": "10"})
    assert "1000" in refused.content.decode().replace(",", "")
    emptied = c.post("/org/settings/", {**_settings_post(zone.version)})  # empty: the defaults again
    assert emptied.status_code == 302
    zone.refresh_from_db()
    assert (zone_limit(zone, "api_token_days"), zone_limit(zone, "import_max_rows")) == (90, 200_000)


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
