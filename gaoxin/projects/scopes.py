"""The scoped querysets every project page, API endpoint, export and action goes through."""

from __future__ import annotations

from gaoxin.organization.scopes import scope_filter

from .models import DispatchReport, Project


def scoped_projects(user):
    """Projects the user may see: the zone (leaders, department staff), the street's or park's own
    (their staff), or those the user is liaison for."""
    if user is None or not user.is_authenticated:
        return Project.objects.none()
    qs = Project.objects.filter(zone_id=user.zone_id)
    return scope_filter(qs, user, unit="department", liaison="liaison")


def scoped_reports(user):
    return DispatchReport.objects.filter(project__in=scoped_projects(user).values("pk"))


def list_projects(user):
    return scoped_projects(user).select_related("department", "leader", "liaison")
