"""The scoped problem queryset every page, API endpoint, export and action goes through."""

from __future__ import annotations

from django.db.models import Q

from gaoxin.organization.scopes import scope_filter

from .models import Problem


def own_problems(user) -> Q:
    """An enterprise user's own problems: those they raised, and those of their enterprise."""
    return Q(raised_by=user) | Q(enterprise__accounts__user=user)


def scoped_problems(user):
    """Leaders and department staff: the zone; street/park staff: problems their unit leads; liaisons:
    problems of their projects; enterprise users: their own. Everyone sees the problems they raised."""
    if user is None or not user.is_authenticated:
        return Problem.objects.none()
    qs = Problem.objects.filter(zone_id=user.zone_id)
    scoped = scope_filter(qs, user, unit="lead_department", liaison="project__liaison", own=own_problems)
    return scoped | qs.filter(raised_by=user)


def list_problems(user):
    return scoped_problems(user).select_related("lead_department", "project", "raised_by", "enterprise")
