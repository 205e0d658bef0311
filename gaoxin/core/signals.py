"""Security audit of authentication: every login, logout and failure is written to SecurityEvent."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .context import client_ip
from .models import SecurityEvent
from .models.changelog import SecurityEventKind


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN,
        username=user.get_username(),
        user=user,
        ip=client_ip(request) if request else None,
    )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGOUT,
        username=user.get_username(),
        user=user,
        ip=client_ip(request) if request else None,
    )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
        ip=client_ip(request) if request else None,
    )
