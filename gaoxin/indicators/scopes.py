"""The scoped querysets every page, API endpoint, export and report of the monitoring app goes through.

Leaders and committee/department staff see the whole zone; street, town and park staff see their own
unit's figures and the zone's totals (the figures they are ranked against); nobody else sees any.
"""

from __future__ import annotations

from gaoxin.organization.scopes import scope_filter

from .models import Indicator, Observation, Target


def _allowed(user) -> bool:
    return user is not None and user.is_authenticated and user.can("indicators.view")


def scoped_indicators(user):
    if not _allowed(user):
        return Indicator.objects.none()
    return Indicator.objects.filter(zone_id=user.zone_id)


def _by_unit(qs, user):
    return scope_filter(qs, user, unit="unit", liaison=None) | qs.filter(unit__level=1)


def scoped_observations(user, history: bool = False):
    """Current figures (with ``history``: every revision too)."""
    if not _allowed(user):
        return Observation.objects.none()
    qs = Observation.objects.filter(indicator__zone_id=user.zone_id)
    if not history:
        qs = qs.filter(is_current=True)
    return _by_unit(qs, user)


def scoped_targets(user):
    if not _allowed(user):
        return Target.objects.none()
    return _by_unit(Target.objects.filter(indicator__zone_id=user.zone_id), user)
