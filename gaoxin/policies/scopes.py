"""Who sees what. Policies: the published library for anyone with ``policies.view`` (drafts only for
those who edit). Matches and claims follow the registry's enterprise scope: an enterprise user sees
only its own, a 包联干部 his enterprises, street staff their street's. Banks see nothing here."""

from __future__ import annotations

from gaoxin.registry.scopes import enterprises_for

from .choices import PolicyStatus
from .models import Claim, Clause, Fund, Match, Policy


def policies_for(user):
    if not user.can("policies.view"):
        return Policy.objects.none()
    if user.can("policies.edit"):
        return Policy.objects.all()
    return Policy.objects.exclude(status=PolicyStatus.DRAFT)


def clauses_for(user):
    return Clause.objects.filter(policy__in=policies_for(user))


def matches_for(user):
    if not user.can("policies.view"):
        return Match.objects.none()
    return Match.objects.filter(enterprise__in=enterprises_for(user), clause__policy__in=policies_for(user))


def claims_for(user):
    if not user.can("policies.view"):
        return Claim.objects.none()
    return Claim.objects.filter(enterprise__in=enterprises_for(user))


def funds_for(user):
    return Fund.objects.all() if user.can("policies.ledger") else Fund.objects.none()


def own_enterprise(user):
    account = getattr(user, "enterprise_account", None) if user.role == "enterprise" else None
    return account.enterprise if account is not None else None
