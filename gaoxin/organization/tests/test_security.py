import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from gaoxin.core.models import SecurityEvent
from gaoxin.organization.passwords import ComplexityValidator


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_lockout_after_five_failures_refuses_even_the_right_password(users, settings):
    settings.LOCKOUT_THRESHOLD = 5
    c = Client()
    for _ in range(4):
        assert "账号或密码错误" in _login(c, "staff1", "wrong").content.decode()
    response = _login(c, "staff1", "wrong")
    users.staff1.refresh_from_db()
    assert users.staff1.is_locked
    response = _login(c, "staff1", "Gaoxin@2026")
    assert response.status_code == 200 and "账号或密码错误" in response.content.decode()
    kinds = list(SecurityEvent.objects.filter(username="staff1").values_list("kind", flat=True))
    assert kinds.count("login_failed") == 6 and "locked" in kinds and "login" not in kinds


def test_successful_login_is_audited_and_resets_the_counter(users):
    c = Client()
    _login(c, "staff1", "wrong")
    response = _login(c, "staff1", "Gaoxin@2026")
    assert response.status_code == 302
    users.staff1.refresh_from_db()
    assert users.staff1.failed_login_count == 0
    assert SecurityEvent.objects.filter(username="staff1", kind="login").exists()


def test_lock_expires(users, settings):
    users.staff1.locked_until = timezone.now() - dt.timedelta(minutes=1)
    users.staff1.save()
    assert _login(Client(), "staff1", "Gaoxin@2026").status_code == 302


def test_expired_password_must_be_changed_first(users, settings):
    users.staff1.password_changed_at = timezone.now() - dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1)
    users.staff1.save()
    c = Client()
    c.force_login(users.staff1)
    response = c.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/password/")


@pytest.mark.parametrize("password", ["alllowercase1", "ALLUPPER123", "NoDigitsHere"])
def test_password_complexity_rejects_two_classes(password):
    with pytest.raises(ValidationError):
        ComplexityValidator().validate(password)


def test_password_complexity_accepts_three_classes():
    ComplexityValidator().validate("Gaoxin@2026")


def test_idle_timeout_is_configured(settings):
    assert "gaoxin.organization.middleware.IdleSessionMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_REFRESH_SECONDS <= 60
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_SAMESITE == "Lax"
