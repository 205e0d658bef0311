"""The registry rows a person may see (pages, API and exports all start here).

``user`` None (no person) sees nothing, as in every app's scopes; a system read of every row (CLI without
--user, demo) says so with ``Model.objects``.
"""

from __future__ import annotations

from django.db.models import Q

from gaoxin.organization.scopes import scope_filter

from .models import Enterprise, EnterpriseYear, Qualification


def enterprises_for(user, qs=None):
    qs = Enterprise.objects.all() if qs is None else qs
    return scope_filter(qs, user, unit="unit", liaison="liaison", own=lambda u: Q(accounts__user=u))


def live_rows(model):
    """Every row of ``model`` (years, qualifications) whose enterprise is not deleted: the system's read."""
    return model.objects.filter(enterprise__deleted_at__isnull=True)


def _children(model, user):
    qs = live_rows(model)
    return scope_filter(
        qs,
        user,
        unit="enterprise__unit",
        liaison="enterprise__liaison",
        own=lambda u: Q(enterprise__accounts__user=u),
    )


def years_for(user):
    return _children(EnterpriseYear, user)


def qualifications_for(user):
    return _children(Qualification, user)


def enterprises_listed(user):
    """The scoped enterprises with what their lists and pages show (unit, liaison) in the same query."""
    return enterprises_for(user).select_related("unit", "liaison")


def years_listed(user):
    return years_for(user).select_related("enterprise")


def qualifications_listed(user):
    return qualifications_for(user).select_related("enterprise")


def in_scope(user, enterprise) -> bool:
    return enterprise.pk is not None and enterprises_for(user).filter(pk=enterprise.pk).exists()
