"""Helpers every API router shares: the capability check, the acting user, and limit/offset pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .context import Actor

MAX_LIMIT = 500


def need(request, capability: str) -> None:
    """Refuse (403 JSON, see gaoxin.api) unless the caller has ``capability``."""
    if not request.user.can(capability):
        raise PermissionDenied("您没有执行此操作的权限")


def require_version(version) -> None:
    """Every update carries the version it was based on (optimistic locking is not optional)."""
    if version is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"version": "缺少记录版本号 version：请先读取记录，再带其 version 提交修改"})


def api_actor(request) -> Actor:
    return Actor.from_request(request, source="api")


def page(qs, limit: int, offset: int):
    """(total count, the rows of one page); ``limit`` is clamped to 1..500, ``offset`` to ≥ 0."""
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    return qs.count(), qs[offset : offset + limit]
