"""Linking an enterprise user (企业用户) to the enterprise they act for: the account row and its change
row together. Registered with ``organization.enterprise_links`` so organization's people pages and
import call it without importing registry."""

from __future__ import annotations

from django.db import transaction

from gaoxin.core.actions import record_change, require
from gaoxin.core.context import Actor
from gaoxin.core.models.changelog import ChangeAction
from gaoxin.organization.people_actions import _not_an_administrator

from .models import Enterprise, EnterpriseAccount


def enterprises_by_uscc(usccs) -> dict:
    return {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs)}


@transaction.atomic
def link_enterprise(user, enterprise, actor: Actor) -> None:
    """Link an enterprise user to the one enterprise they act for (None removes the link)."""
    require(actor, "users.manage")
    _not_an_administrator(user, actor)
    current = EnterpriseAccount.objects.filter(user=user).first()
    before = {"enterprise_id": current.enterprise_id if current else None}
    if enterprise is None:
        EnterpriseAccount.objects.filter(user=user).delete()
    else:
        EnterpriseAccount.objects.update_or_create(user=user, defaults={"enterprise": enterprise})
    after = {"enterprise_id": enterprise.pk if enterprise else None}
    if after != before:
        record_change(user, ChangeAction.UPDATE, before, after, actor)
