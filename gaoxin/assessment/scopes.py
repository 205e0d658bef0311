"""The assessment rows a person may see: those of the enterprises the registry lets them see."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from gaoxin.registry.scopes import enterprises_for

from .models import Verdict


def verdicts_for(user):
    return Verdict.objects.filter(enterprise__in=enterprises_for(user))


def enterprise_in_scope(user, pk: int):
    return get_object_or_404(enterprises_for(user).select_related("unit", "liaison"), pk=pk)


def own_enterprise(user):
    """The enterprise an enterprise user acts for (None for everyone else)."""
    account = getattr(user, "enterprise_account", None) if user.role == "enterprise" else None
    return account.enterprise if account is not None else None
