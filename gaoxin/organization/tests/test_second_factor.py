"""Two-factor sign-in (issue 14 item 13): password, then a TOTP code or a recovery code; enrolment before
anything else for the administrators; lockout counts wrong codes; the installer's CLI resets a lost factor."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from gaoxin.core.models import ApiToken, SecurityEvent
from gaoxin.organization.models import RecoveryCode, User
from gaoxin.organization.tests.factors import code_for, code_from_secret, enrolled

PASSWORD = "Gaoxin@2026"
PAGES = ["/", "/org/users/", "/org/units/", "/org/settings/", "/org/tokens/", "/password/", "/enterprises/"]


def _password(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def _signed_in(client) -> bool:
    return client.get("/org/tokens/").status_code == 200


def _enrol(client, username) -> list[str]:
    """Password, then the enrolment page's secret turned into a code: the recovery codes shown."""
    response = _password(client, username)
    assert response.headers["Location"] == "/login/enrol/"
    page = client.get("/login/enrol/").content.decode()
    assert "<svg" in page
    secret = re.search(r'id="totp-secret">([^<]+)<', page).group(1)
    response = client.post("/login/enrol/", {"code": code_from_secret(secret)})
    assert response.status_code == 200, response.content.decode()[:500]
    return re.findall(r"<li>([A-Z0-9-]{19})</li>", response.content.decode())


def test_an_administrator_reaches_nothing_before_enrolling(users):
    c = Client()
    response = _password(c, "sysadmin")
    assert response.status_code == 302 and response.headers["Location"] == "/login/enrol/"
    for url in PAGES:
        answer = c.get(url)
        assert answer.status_code == 302 and "/login/" in answer.headers["Location"], url
    assert c.get("/api/v1/registry/enterprises").status_code == 401
    page = c.get("/login/enrol/").content.decode()
    assert "绑定身份验证器" in page and "<svg" in page and 'id="totp-secret"' in page
    assert "http" not in page.split('id="totp-qr"')[1].split("</div>")[0].replace("http://www.w3.org", "")
    assert not SecurityEvent.objects.filter(username="sysadmin", kind="login").exists()


def test_enrolment_confirms_with_a_code_and_shows_ten_recovery_codes_once(users):
    c = Client()
    _password(c, "secadmin")
    page = c.get("/login/enrol/").content.decode()
    assert (
        c.get("/login/enrol/").content.decode().count(re.search(r'id="totp-secret">([^<]+)<', page).group(1))
        == 1
    )
    wrong = c.post("/login/enrol/", {"code": "000000"})
    assert "动态口令错误或已过期" in wrong.content.decode()
    assert not _signed_in(c)
    c2 = Client()
    codes = _enrol(c2, "secadmin")
    assert len(codes) == 10 and len(set(codes)) == 10
    assert _signed_in(c2)
    stored = set(RecoveryCode.objects.filter(device__user=users.secadmin).values_list("digest", flat=True))
    assert len(stored) == 10 and not any(code in stored or code.replace("-", "") in stored for code in codes)
    assert TOTPDevice.objects.get(user=users.secadmin).confirmed
    kinds = list(SecurityEvent.objects.filter(username="secadmin").values_list("kind", flat=True))
    assert "second_factor_enrolled" in kinds and "second_factor_failed" in kinds and "login" in kinds
    # the enrolment page is no way around an enrolled factor
    c3 = Client()
    _password(c3, "secadmin")
    assert c3.get("/login/enrol/").headers["Location"] == "/login/code/"


def test_with_a_device_the_right_password_alone_or_a_wrong_code_is_refused(users):
    device = enrolled(users.sysadmin)
    c = Client()
    response = _password(c, "sysadmin")
    assert response.headers["Location"] == "/login/code/"
    assert not _signed_in(c)
    page = c.post("/login/code/", {"code": "123456" if code_for(device) != "123456" else "654321"})
    assert "动态口令错误或已过期" in page.content.decode() and not _signed_in(c)
    assert SecurityEvent.objects.filter(username="sysadmin", kind="second_factor_failed").exists()
    response = c.post("/login/code/", {"code": code_for(device)})
    assert response.status_code == 302 and _signed_in(c)
    # the same code a second time is refused (one-time)
    c2 = Client()
    _password(c2, "sysadmin")
    assert "动态口令错误或已过期" in c2.post("/login/code/", {"code": code_for(device)}).content.decode()


def test_a_recovery_code_works_once(users):
    codes = _enrol(Client(), "auditor")
    c = Client()
    _password(c, "auditor")
    assert c.post("/login/code/", {"code": codes[3].lower()}).status_code == 302
    assert c.get("/org/audit/").status_code == 200
    assert SecurityEvent.objects.filter(
        username="auditor", kind="recovery_code_used", detail__contains="剩余 9"
    ).exists()
    again = Client()
    _password(again, "auditor")
    assert "动态口令错误或已过期" in again.post("/login/code/", {"code": codes[3]}).content.decode()
    assert not _signed_in(again)


def test_wrong_codes_count_toward_the_lockout_and_a_right_password_does_not_forgive_them(users, settings):
    settings.LOCKOUT_THRESHOLD = 5
    device = enrolled(users.sysadmin)
    right = code_for(device)
    wrong = "000000" if right != "000000" else "111111"
    c = Client()
    for _ in range(3):
        _password(c, "sysadmin")
        c.post("/login/code/", {"code": wrong})
    users.sysadmin.refresh_from_db()
    assert users.sysadmin.failed_login_count == 3  # the right password in between forgave nothing
    _password(c, "sysadmin")
    c.post("/login/code/", {"code": wrong})
    c.post("/login/code/", {"code": wrong})
    users.sysadmin.refresh_from_db()
    assert users.sysadmin.is_locked
    assert SecurityEvent.objects.filter(username="sysadmin", kind="locked").exists()
    c.post("/login/code/", {"code": right})  # the pending step, still open: refused while locked
    assert not _signed_in(c)
    assert "账号或密码错误" in _password(Client(), "sysadmin").content.decode()


def test_a_full_sign_in_forgives_earlier_failures(users):
    device = enrolled(users.sysadmin)
    c = Client()
    _password(c, "sysadmin", "wrong")
    _password(c, "sysadmin")
    c.post("/login/code/", {"code": code_for(device)})
    users.sysadmin.refresh_from_db()
    assert _signed_in(c) and users.sysadmin.failed_login_count == 0


def test_the_installer_resets_a_lost_factor_audited(users):
    codes = _enrol(Client(), "sysadmin")
    assert codes
    token, _ = ApiToken.issue(users.sysadmin, "脚本")
    out = io.StringIO()
    call_command("admin", "reset-2fa", "sysadmin", stdout=out)
    assert "已重置 sysadmin 的双因素认证" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=users.sysadmin).exists()
    assert not RecoveryCode.objects.filter(device__user=users.sysadmin).exists()
    event = SecurityEvent.objects.get(username="sysadmin", kind="second_factor_reset")
    assert "安装人员" in event.detail
    assert _password(Client(), "sysadmin").headers["Location"] == "/login/enrol/"
    with pytest.raises(CommandError):
        call_command("admin", "reset-2fa", "nobody")


def test_reset_is_refused_to_a_signed_in_administrator(users):
    from django.core.exceptions import PermissionDenied

    from gaoxin.core.context import Actor
    from gaoxin.organization.factor_actions import reset_second_factor

    enrolled(users.sysadmin)
    with pytest.raises(PermissionDenied):
        reset_second_factor(users.sysadmin, Actor(user=users.secadmin))
    assert TOTPDevice.objects.filter(user=users.sysadmin).exists()


def test_business_users_sign_in_with_the_password_alone_unless_the_zone_asks_for_all(users, client_for):
    c = Client()
    assert _password(c, "leader").headers["Location"] == "/"
    assert _signed_in(c)
    # the system administrator turns it on in 园区设置
    admin = client_for("sysadmin")
    from gaoxin.organization.forms import ZoneSettingsForm

    zone = users.leader.zone
    data = {k: v for k, v in ZoneSettingsForm.initial_from(zone).items() if v is not None}
    data.update({"require_2fa_all": "on", "watermark": "on"})
    response = admin.post("/org/settings/", data)
    assert response.status_code == 302, response.content.decode()[:1000]
    users.leader.zone.refresh_from_db()
    assert users.leader.zone.setting("require_2fa_all") is True
    assert c.get("/org/tokens/").status_code == 302  # the password-only session is ended
    fresh = Client()
    assert _password(fresh, "leader").headers["Location"] == "/login/enrol/"
    assert fresh.get("/enterprises/").status_code == 302


def test_tokens_of_a_person_who_must_use_a_second_factor_need_an_enrolled_device(users):
    from gaoxin.core.api_auth import token_alive

    before, _ = ApiToken.issue(users.auditor, "未绑定前")
    assert not token_alive(ApiToken.objects.get(pk=before.pk))
    enrolled(users.auditor)
    assert not token_alive(ApiToken.objects.get(pk=before.pk))  # issued before the enrolment
    after, _ = ApiToken.issue(users.auditor, "绑定后")
    assert token_alive(ApiToken.objects.get(pk=after.pk))
    leader_token, _ = ApiToken.issue(users.leader, "领导")
    assert token_alive(ApiToken.objects.get(pk=leader_token.pk))


def test_a_forced_session_without_a_verifying_device_is_signed_out(users):
    c = Client()
    c.force_login(users.secadmin)
    response = c.get("/org/security/")
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    assert c.get("/org/security/").status_code == 302  # the session is gone
    api = Client()
    api.force_login(users.secadmin)
    assert api.get("/api/v1/registry/enterprises").status_code == 401


def test_the_pending_step_expires(users, monkeypatch):
    from gaoxin.web import second_factor

    enrolled(users.sysadmin)
    c = Client()
    _password(c, "sysadmin")
    monkeypatch.setattr(second_factor, "PENDING_SECONDS", -1)
    assert c.get("/login/code/").headers["Location"] == "/login/"
    assert User.objects.get(username="sysadmin").failed_login_count == 0
