"""Who sees what: scores follow the registry's enterprise scope; published whitelist versions are
visible to anyone with ``whitelist.view`` (banks included, who have no registry access); the draft
only to those who may publish."""

from __future__ import annotations

from gaoxin.registry.scopes import enterprises_for

from .models import Score, WhitelistVersion


def scores_for(user):
    if not user.can("points.view"):
        return Score.objects.none()
    return Score.objects.filter(enterprise__in=enterprises_for(user))


def versions_for(user):
    return WhitelistVersion.objects.all() if user.can("whitelist.view") else WhitelistVersion.objects.none()
