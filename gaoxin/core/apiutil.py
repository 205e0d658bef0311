"""Helpers every API router shares: the capability check, the acting user, and limit/offset pages."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied
from pydantic import Field

from .context import Actor

MAX_LIMIT = 500
MAX_OFFSET = 100_000_000  # far beyond any table here; keeps OFFSET inside every database's integer
YEAR_MIN, YEAR_MAX = 1900, 2100

# Bounded types for API parameters and bodies: an out-of-range value is a 422 naming the field (and the
# bounds are in the OpenAPI document), never an overflow or a date(0, 1, 1) deep inside a query.
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description="每页条数（1–500）")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="跳过的条数（从 0 起）")]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX, description="年度（1900–2100）")]


def need(request, capability: str) -> None:
    """Refuse (403 JSON, see gaoxin.api) unless the caller has ``capability``."""
    if not request.user.can(capability):
        raise PermissionDenied("您没有执行此操作的权限")


def require_version(version) -> int:
    """Every update carries the version it was based on (optimistic locking is not optional)."""
    from .actions import required_version

    return required_version(version)


def api_actor(request) -> Actor:
    return Actor.from_request(request, source="api")


def page(qs, limit: int, offset: int):
    """(total count, the rows of one page); ``limit`` is clamped to 1..500, ``offset`` to 0..MAX_OFFSET."""
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, min(offset, MAX_OFFSET))
    return qs.count(), qs[offset : offset + limit]


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored (PostgreSQL refuses NUL; a lone surrogate is not UTF-8), else None."""
    if "\x00" in value:
        return "不能包含空字符（NUL）"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "包含无效字符（不成对的代理码位），请检查编码"
    return None


def text_errors(data, path: str = "") -> dict[str, str]:
    """{field path: reason} for every string (keys included) in a parsed JSON value or query that is bad."""
    found: dict[str, str] = {}
    if isinstance(data, str):
        if reason := text_problem(data):
            found[path or "body"] = reason
    elif isinstance(data, dict):
        for key, value in data.items():
            name = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and (reason := text_problem(key)):
                found[path or "body"] = f"字段名{reason}"
            found.update(text_errors(value, name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.update(text_errors(value, f"{path}.{index}" if path else str(index)))
    return found


def filtered(filterset_class, request, queryset):
    """The queryset filtered by the request's query, as on the list page; an invalid filter value
    (``unit=99999``, ``year=abc``) is a 422 naming the filter, never a silently unfiltered list."""
    from django.core.exceptions import ValidationError

    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        raise ValidationError({name: "；".join(map(str, msgs)) for name, msgs in filterset.errors.items()})
    return filterset.qs


def declares_filters(filterset_class):
    """Marks an API list view as filtered by ``filterset_class`` (apply below ``@router.get``): the OpenAPI
    document then lists each filter as a query parameter (gaoxin.core.openapi)."""

    def mark(view):
        view.filterset_class = filterset_class
        return view

    return mark
