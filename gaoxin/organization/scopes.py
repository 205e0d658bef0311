"""Row-level scope: which rows of a business list a person may see.

- 领导 (leader): the whole zone.
- 部门人员 (staff): a committee or department member sees the whole zone; a street, town or park member
  sees the rows of their unit's subtree.
- 包联干部 (liaison): the rows assigned to them.
- 企业用户 (enterprise): their own enterprise's rows (``own`` gives the filter).
- anyone else: nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from .choices import Role


def scope_filter(
    qs: QuerySet,
    user,
    *,
    unit_path: str | None = "unit__path",
    liaison: str | None = "liaison",
    own: Callable[[object], Q] | None = None,
) -> QuerySet:
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    role = user.role
    if role == Role.LEADER:
        return qs
    if role == Role.STAFF:
        if user.unit is None:
            return qs.none()
        if user.unit.is_zone_wide or unit_path is None:
            return qs
        return qs.filter(**{f"{unit_path}__startswith": user.unit.path})
    if role == Role.LIAISON and liaison:
        return qs.filter(**{liaison: user})
    if role == Role.ENTERPRISE and own is not None:
        return qs.filter(own(user))
    return qs.none()
