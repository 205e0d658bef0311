"""Security audit of authentication: every login, logout and failure is written to SecurityEvent."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .actions import record_security_event
from .models.changelog import SecurityEventKind


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record_security_event(SecurityEventKind.LOGIN, user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    record_security_event(SecurityEventKind.LOGOUT, user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    record_security_event(SecurityEventKind.LOGIN_FAILED, username=username, request=request)
