"""Login lockout: after N consecutive failures the account is locked for M minutes (settings)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from gaoxin.core.context import client_ip
from gaoxin.core.models import SecurityEvent
from gaoxin.core.models.changelog import SecurityEventKind


class AccountLocked(Exception):
    def __init__(self, until):
        self.until = until
        local = timezone.localtime(until).strftime("%H:%M")
        super().__init__(
            f"账号因连续 {settings.LOCKOUT_THRESHOLD} 次登录失败已被锁定，请于 {local} 后重试，或联系安全管理员解锁"
        )


def check_credentials(request, username: str, password: str):
    """The user for these credentials, or None; raises AccountLocked when the account is locked.

    A locked account is refused even with the right password, so guessing cannot continue.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None and user.is_locked:
        raise AccountLocked(user.locked_until)
    backend = ModelBackend()
    authenticated = backend.authenticate(request, username=username, password=password)
    if authenticated is not None:
        if user.failed_login_count:
            User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        authenticated.backend = "django.contrib.auth.backends.ModelBackend"
        return authenticated
    if user is not None:
        register_failure(request, user)
    return None


def register_failure(request, user) -> None:
    User = type(user)
    count = user.failed_login_count + 1
    until = None
    if count >= settings.LOCKOUT_THRESHOLD:
        until = timezone.now() + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
        SecurityEvent.objects.create(
            kind=SecurityEventKind.LOCKED,
            username=user.username,
            user=user,
            ip=client_ip(request) if request else None,
            detail=f"连续 {count} 次登录失败",
        )
    User.objects.filter(pk=user.pk).update(failed_login_count=count, locked_until=until)
    user.failed_login_count, user.locked_until = count, until
