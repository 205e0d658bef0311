"""The registry rows a person may see (pages, API and exports all start here).

``user`` None is the system (CLI without --user, demo): every row.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from gaoxin.organization.choices import Role
from gaoxin.organization.scopes import scope_filter

from .models import Enterprise, EnterpriseYear, Qualification


def _unit_staff(user) -> bool:
    return user.is_active and user.role == Role.STAFF and user.unit is not None and not user.unit.is_zone_wide


def _in_subtree(user, field: str) -> dict:
    """scope_filter's rule for unit staff (the unit's subtree), shaped for 100,000-row lists: PostgreSQL
    plans best with the unit ids as literals (it can then estimate the share of rows in scope), SQLite
    with a semi-join on the small unit table; both avoid joining every row to its unit."""
    units = user.unit.subtree()
    if connection.vendor == "postgresql":
        units = list(units.values_list("pk", flat=True))
    return {f"{field}__in": units}


def enterprises_for(user, qs=None):
    qs = Enterprise.objects.all() if qs is None else qs
    if user is None:
        return qs
    if _unit_staff(user):
        return qs.filter(**_in_subtree(user, "unit_id"))
    return scope_filter(
        qs, user, unit_path="unit__path", liaison="liaison", own=lambda u: Q(accounts__user=u)
    )


def _children(model, user):
    qs = model.objects.filter(enterprise__deleted_at__isnull=True)
    if user is None:
        return qs
    if _unit_staff(user):
        return qs.filter(**_in_subtree(user, "enterprise__unit_id"))
    return scope_filter(
        qs,
        user,
        unit_path="enterprise__unit__path",
        liaison="enterprise__liaison",
        own=lambda u: Q(enterprise__accounts__user=u),
    )


def years_for(user):
    return _children(EnterpriseYear, user)


def qualifications_for(user):
    return _children(Qualification, user)


def in_scope(user, enterprise) -> bool:
    return enterprise.pk is not None and enterprises_for(user).filter(pk=enterprise.pk).exists()
