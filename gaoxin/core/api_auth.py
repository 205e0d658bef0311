"""API authentication: a bearer token (``Authorization: Bearer <key>``) or the browser session.

A token is refused (401) when it has expired (``expires``, or created more than the zone's
``api_token_days`` ago when it has none), when its owner is disabled or locked, or when the owner's password
changed after it was created (a password change or reset kills every token), or when its owner must sign in
with a second factor and the token predates the enrolled authenticator (``User.api_token_allowed``). A user whose password has
expired is refused with 403 on every channel until the password is changed on the web page."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .limits import zone_limit
from .models import ApiToken
from .models.tokens import hash_key

PASSWORD_EXPIRED = "密码已过期：请先登录网页修改密码，再使用 API"


def token_expiry(token: ApiToken):
    if token.expires is not None:
        return token.expires
    return token.created + dt.timedelta(days=zone_limit(token.user.zone, "api_token_days"))


def token_alive(token: ApiToken) -> bool:
    user, now = token.user, timezone.now()
    if not user.is_active or user.is_locked or token_expiry(token) <= now:
        return False
    changed = user.password_changed_at
    if changed is not None and token.created < changed:
        return False
    allowed = getattr(user, "api_token_allowed", None)  # the second factor's rule (organization.User)
    return allowed is None or allowed(token.created)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user", "user__zone").filter(key_hash=hash_key(token)).first()
        if found is None or not token_alive(found):
            return None
        user = found.user
        if user.password_expired:
            raise PermissionDenied(PASSWORD_EXPIRED)
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = user
        return user


class CheckedSessionAuth(SessionAuth):
    """The browser session (with CSRF), refused with 403 when the password has expired."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user and user.password_expired:
            raise PermissionDenied(PASSWORD_EXPIRED)
        return user


API_AUTH = [TokenAuth(), CheckedSessionAuth()]


def docs_access(view):
    """The OpenAPI document and /docs: for a signed-in browser or a valid token; others go to the login."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            ok = TokenAuth()(request)
        except PermissionDenied:
            ok = None
        if ok:
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapped
