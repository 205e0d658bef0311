"""API tokens. Only a hash is stored; the key is shown once when it is created."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="用户"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("令牌前缀", max_length=8)
    description = models.CharField("用途", max_length=200, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    expires = models.DateTimeField("到期时间", null=True, blank=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"

    @classmethod
    def issue(cls, user, description: str = "", expires=None) -> tuple[ApiToken, str]:
        """A new token; without ``expires`` it lives the zone's ``api_token_days`` (default 90)."""
        if expires is None:
            from django.utils import timezone

            from gaoxin.core.limits import zone_limit

            expires = timezone.now() + dt.timedelta(days=zone_limit(user.zone, "api_token_days"))
        key = secrets.token_hex(20)
        token = cls.objects.create(
            user=user, key_hash=hash_key(key), prefix=key[:8], description=description, expires=expires
        )
        return token, key
