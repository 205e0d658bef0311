"""The policy catalogue: loading policy files, publishing or repealing a policy, editing a clause, and
matching (a changed published policy is matched again at once)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gaoxin.core import actions as core
from gaoxin.core.actions import require
from gaoxin.engine.policyfile import PolicyDoc, PolicyFileError, check_clause, read_text
from gaoxin.engine.units import format_fen

from ..choices import PolicyStatus
from ..models import Clause, Match, Policy
from .documents import store_doc
from .events import CLAUSE_SAVED, LOADED, MATCHED, STATUS


def _rematch(policy: Policy, actor) -> None:
    """A new or changed published policy is matched at once for the current year (its enterprises told)."""
    from ..matching import run_match

    year = timezone.localdate().year
    if policy.status == PolicyStatus.PUBLISHED and policy.in_force(year):
        run = run_match(year, actor, policy)
        core.emit_event(
            policy, MATCHED, f"{year} 年度匹配：符合 {run.matched} 条，{format_fen(run.amount_fen)}", actor
        )


@transaction.atomic
def load_policies(texts: list[tuple[str, str]], actor, match: bool = True) -> list[tuple[Policy, bool]]:
    """Load policy files given as (name, YAML text): all are checked first and stored together, or
    nothing is stored (``ValidationError`` listing each error with file, line and reason)."""
    require(actor, "policies.edit")
    docs: list[tuple[PolicyDoc, str]] = []
    errors: list[str] = []
    for name, text in texts:
        try:
            docs.append((read_text(text, name), text))
        except PolicyFileError as exc:
            errors += exc.errors
    codes = [d.code for d, _ in docs]
    errors += [f"政策编号“{c}”在多个文件中出现" for c in sorted({c for c in codes if codes.count(c) > 1})]
    if errors:
        raise ValidationError({"file": errors})
    out = []
    for doc, text in docs:
        policy, changed = store_doc(doc, text, actor)
        if changed:
            core.emit_event(policy, LOADED, f"载入政策文件：{len(doc.clauses)} 个条款", actor)
        out.append((policy, changed))
    if match:
        for policy, changed in out:
            if changed:
                _rematch(policy, actor)
    return out


@transaction.atomic
def set_status(policy: Policy, status: str, actor, version=None) -> Policy:
    require(actor, "policies.edit")
    if status not in PolicyStatus.values:
        raise ValidationError({"status": f"状态应为{'、'.join(PolicyStatus.values)}"})
    policy = core.update_object(policy, {"status": status}, actor, expected_version=version)
    core.emit_event(policy, STATUS, f"政策{status}", actor)
    if status == PolicyStatus.PUBLISHED:
        _rematch(policy, actor)
    elif status == PolicyStatus.REPEALED:  # no longer offered; claims already made stay
        Match.objects.filter(clause__policy=policy).delete()
    return policy


def check_fields(policy: Policy, fields: dict) -> None:
    """The engine's check of a clause's condition and amount; ValidationError naming the field."""
    try:
        check_clause(policy.code, fields, policy.effective_from, policy.effective_to, "")
    except PolicyFileError as exc:
        messages = [m.lstrip(" ") for m in exc.errors]
        field = next(
            (
                f
                for f in ("when", "amount", "gap", "mode")
                if any(f"{f}（" in m or f" {f}" in m for m in messages)
            ),
            "when",
        )
        raise ValidationError({field: messages}) from None


@transaction.atomic
def save_clause(clause: Clause, changes: dict, actor, version=None) -> Clause:
    """Edit a clause (condition, amount, cap, group …); the condition and amount are checked by the
    engine, and a published policy is matched again at once."""
    require(actor, "policies.edit")
    fields = {
        "id": clause.code,
        "name": changes.get("name", clause.name),
        "when": changes.get("when", clause.when),
    }
    amount = changes.get("amount", clause.amount)
    if amount:
        fields["amount"] = amount
    check_fields(clause.policy, fields)
    clause = core.update_object(clause, changes, actor, expected_version=version)
    core.emit_event(
        clause.policy, CLAUSE_SAVED, f"修改条款“{clause.name}”", actor, {"changes": sorted(changes)}
    )
    _rematch(clause.policy, actor)
    return clause


def run_matching(year: int, actor, policy: Policy | None = None, progress=None):
    from ..matching import run_match

    require(actor, "policies.edit")
    run = run_match(year, actor, policy, progress)
    return run
