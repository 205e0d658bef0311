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

from django.db import connection
from django.db.models import Q, QuerySet

from .choices import Role


def scope_filter(
    qs: QuerySet,
    user,
    *,
    unit: str | None = "unit",
    liaison: str | None = "liaison",
    own: Callable[[object], Q] | None = None,
) -> QuerySet:
    """``unit`` / ``liaison``: lookup paths of the row's unit and liaison FKs (None: the rows have none)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    role = user.role
    if role == Role.LEADER:
        return qs
    if role == Role.STAFF:
        if user.unit is None:
            return qs.none()
        if user.unit.is_zone_wide or unit is None:
            return qs
        return qs.filter(**{f"{unit}__in": subtree_ids(user.unit)})
    if role == Role.LIAISON and liaison:
        return qs.filter(**{liaison: user})
    if role == Role.ENTERPRISE and own is not None:
        return qs.filter(own(user))
    return qs.none()


def subtree_ids(unit):
    """The unit and its descendants, shaped for 100,000-row lists: PostgreSQL plans best with the ids as
    literals (it can then estimate the share of rows in scope), SQLite with a semi-join on the small unit
    table; both avoid joining every row to its unit to compare paths."""
    units = unit.subtree().values("pk")
    if connection.vendor == "postgresql":
        return [row["pk"] for row in units]
    return units


def assigned(user, unit: str, *people: str) -> Q:
    """Rows a person answers for (their to-dos; ``scope_filter`` says what they may see): the rows naming
    them in one of ``people`` (lookup paths such as ``liaison``, ``leader``, ``escalated_to``) and, for
    department staff, the rows of their unit's subtree (``unit``: the rows' unit lookup path)."""
    mine = Q()
    for person in people:
        mine |= Q(**{person: user})
    if user.role == Role.STAFF and user.unit_id:
        mine |= Q(**{f"{unit}__in": subtree_ids(user.unit)})
    return mine
