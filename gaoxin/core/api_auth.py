"""API authentication: a bearer token (``Authorization: Bearer <key>``) or the browser session."""

from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from .models import ApiToken
from .models.tokens import hash_key


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_key(token)).first()
        if found is None:
            return None
        user = found.user
        if not user.is_active or user.is_locked or (found.expires and found.expires < timezone.now()):
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = user
        return user


API_AUTH = [TokenAuth(), django_auth]
