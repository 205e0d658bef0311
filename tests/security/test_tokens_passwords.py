"""Issue 14 item 10: tokens expire and die with a password change or a disabled account; an expired
password blocks the API too; the password policy refuses common variants, user-name-derived passwords and
the last five; /api/v1/docs needs a login; pages carry a Content-Security-Policy without inline script."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

API = "/api/v1/registry/enterprises"


def _bearer(client, key):
    return client.get(API, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def token(users):
    from gaoxin.core.models import ApiToken

    return ApiToken.issue(users.leader, "测试")


def test_token_expires_after_the_zone_setting(client, users, token):
    obj, key = token
    assert abs((obj.expires - timezone.now()) - dt.timedelta(days=90)) < dt.timedelta(minutes=1)
    assert _bearer(client, key).status_code == 200
    zone = users.leader.zone
    zone.settings = {**zone.settings, "api_token_days": 7}
    zone.save()
    from gaoxin.core.models import ApiToken

    short, _ = ApiToken.issue(users.leader, "短期")
    assert abs((short.expires - timezone.now()) - dt.timedelta(days=7)) < dt.timedelta(minutes=1)
    ApiToken.objects.filter(pk=obj.pk).update(expires=timezone.now() - dt.timedelta(seconds=1))
    assert _bearer(client, key).status_code == 401


def test_a_token_without_expiry_still_expires(client, token):
    from gaoxin.core.models import ApiToken

    obj, key = token
    ApiToken.objects.filter(pk=obj.pk).update(expires=None, created=timezone.now() - dt.timedelta(days=91))
    assert _bearer(client, key).status_code == 401


def test_token_dies_with_a_password_change(client, users, token):
    _, key = token
    user = users.leader
    user.set_password("Xq7#mLp2vR9t")
    user.save()
    assert _bearer(client, key).status_code == 401


def test_token_dies_with_a_disabled_account(client, users, token):
    _, key = token
    users.leader.is_active = False
    users.leader.save()
    assert _bearer(client, key).status_code == 401


def test_expired_password_blocks_the_api(client, client_for, users, token):
    _, key = token
    from gaoxin.organization.models import User

    User.objects.filter(pk=users.leader.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    by_token = _bearer(client, key)
    assert by_token.status_code == 403 and "密码已过期" in by_token.json()["detail"]
    by_session = client_for("leader").get(API)
    assert by_session.status_code == 403 and "密码已过期" in by_session.json()["detail"]


@pytest.mark.parametrize("password", ["Password123!", "Qwerty@2026", "Leader@2026x"])
def test_policy_refuses_common_and_derived_passwords(users, password):
    with pytest.raises(ValidationError):
        validate_password(password, users.leader)


def test_policy_refuses_the_current_and_the_last_five(users):
    user = users.leader
    with pytest.raises(ValidationError, match="最近"):
        validate_password("Gaoxin@2026", user)  # the current (demo) password
    used = [f"Zq{n}#mLp2vR9t" for n in range(6)]
    for password in used:
        validate_password(password, user)
        user.set_password(password)
        user.save()
    for password in used[1:]:
        with pytest.raises(ValidationError, match="最近"):
            validate_password(password, user)
    validate_password(used[0], user)  # six changes ago: allowed again


def test_api_docs_need_a_login(client, client_for):
    for path in ("/api/v1/docs", "/api/v1/openapi.json"):
        assert client.get(path).status_code == 302
        assert client_for("leader").get(path).status_code == 200


def test_pages_carry_a_csp_without_inline_script(client_for):
    policy = client_for("leader").get("/")["Content-Security-Policy"]
    script = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script and "unsafe-inline" not in script
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    gantt = client_for("leader").get("/projects/gantt/")  # a page with an inline script: nonced
    nonce = re.search(r"'nonce-([^']+)'", gantt["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in gantt.content.decode()


def test_no_template_has_inline_handlers_or_unnonced_scripts():
    root = Path(__file__).resolve().parents[2] / "gaoxin"
    offenders = []
    for path in root.glob("*/templates/**/*.html"):
        text = path.read_text()
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text) or "javascript:" in text:
            offenders.append(f"{path.relative_to(root)}: inline handler")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag:
                offenders.append(f"{path.relative_to(root)}: {tag}")
    assert not offenders, offenders
