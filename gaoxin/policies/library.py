"""Stored policy rows turned back into the engine's clauses (checked again: a stored condition is source
text). Writing a checked ``PolicyDoc`` as rows is the action ``actions.documents.store_doc``."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gaoxin.engine.policyfile import PolicyFileError, check_clause

from .choices import PolicyStatus
from .models import Clause


def _gap_source(target: str) -> str:
    if "@" in target:
        name, offset = target.split("@")
        k = int(offset)
        return f"{name}[y{'+' if k > 0 else '-' if k < 0 else ''}{abs(k) if k else ''}]"
    return target


def engine_clause(row: Clause):
    """The engine's clause for a stored row (the policy's dates; checked like a file's clause)."""
    fields = {"id": row.code, "name": row.name, "when": row.when, "mode": row.mode}
    if row.amount:
        fields["amount"] = row.amount
    if row.group:
        fields["group"] = row.group
    if row.gap_input:
        fields["gap"] = _gap_source(row.gap_input)
    policy = row.policy
    clause = check_clause(
        policy.code, fields, policy.effective_from, policy.effective_to, f"{policy.code}/{row.code}"
    )
    clause.cap_fen = row.cap_fen
    clause.meta["pk"] = row.pk
    return clause


def engine_clauses(clauses) -> list:
    """Engine clauses of stored rows (in library order); a row that no longer checks is an error."""
    out = []
    for row in clauses.select_related("policy").order_by("policy__code", "order", "pk"):
        try:
            out.append(engine_clause(row))
        except PolicyFileError as exc:
            raise ValidationError({"when": "；".join(exc.errors)}) from None
    return out


def live_clauses(year: int, policy=None):
    """Stored clauses of published policies in force in ``year`` (or of one policy, draft included)."""
    qs = Clause.objects.select_related("policy")
    if policy is not None:
        return qs.filter(policy=policy)
    return qs.filter(policy__status=PolicyStatus.PUBLISHED)
