"""核定 in batches: what a batch would grant under the fund's budget guard, and approving it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gaoxin.assessment.runner import zone_setting
from gaoxin.core import actions as core
from gaoxin.core.actions import require
from gaoxin.engine.units import format_fen
from gaoxin.registry.actions import require_scope

from .. import budget
from ..choices import CUT_RULE, PUBLICITY_DAYS, ClaimStatus
from ..models import Claim
from .claims import _status, _tell
from .events import APPROVED


def _ready(claim: Claim, today: date, days: int) -> None:
    if claim.status == ClaimStatus.REVIEWED and days == 0:
        return  # the zone runs no publicity period
    _status(claim, (ClaimStatus.PUBLICITY,), "核定（须先公示）")
    if claim.publicity_to and today <= claim.publicity_to:
        raise ValidationError(
            {"status": f"“{claim.enterprise.name}”公示期至 {claim.publicity_to}，期满后方可核定"}
        )


def batch_plan(
    claims: list[Claim], reductions: dict[int, tuple[int, str]] | None = None, user=None
) -> list[dict]:
    """What approving these claims would grant, per claim: requested (after 核减), granted (after the
    budget guard: pro rata to the 分, or in match order by zone setting), and the fund left after."""
    reductions = reductions or {}
    rule = zone_setting(*CUT_RULE, user)
    by_fund: dict[int | None, list[Claim]] = {}
    for c in claims:
        by_fund.setdefault(c.fund_id, []).append(c)
    plan = []
    for fund_id, rows in by_fund.items():
        asked = [reductions.get(c.pk, (c.claimed_fen, ""))[0] for c in rows]
        left = rows[0].fund.remaining_fen() if fund_id else sum(asked)
        granted = (budget.in_order if rule == "in_order" else budget.pro_rata)(asked, max(left, 0))
        for c, a, g in zip(rows, asked, granted, strict=True):
            plan.append(
                {"claim": c, "requested": a, "granted": g, "cut": a - g, "fund_left": left - sum(granted)}
            )
    return plan


@transaction.atomic
def approve_claims(
    claims: list[Claim], actor, reductions: dict[int, tuple[int, str]] | None = None
) -> list[dict]:
    """核定 a batch: 核减 with a reason where given, then the budget guard — never more than the fund
    has left; a batch that exceeds it is cut as ``batch_plan`` shows."""
    require(actor, "policies.review")
    reductions = reductions or {}
    today = timezone.localdate()
    days = int(zone_setting(*PUBLICITY_DAYS, actor.user))
    from ..models import Fund

    funds = {c.fund_id for c in claims if c.fund_id}
    list(Fund.objects.select_for_update().filter(pk__in=funds))  # one batch at a time per fund
    for c in claims:
        require_scope(actor, c.enterprise)
        _ready(c, today, days)
        fen, reason = reductions.get(c.pk, (c.claimed_fen, ""))
        if fen < 0 or fen > c.claimed_fen:
            raise ValidationError(
                {
                    "approved": f"“{c.enterprise.name}”核定金额应在 0 至测算金额 {format_fen(c.claimed_fen)} 之间"
                }
            )
        if fen < c.claimed_fen and not reason.strip():
            raise ValidationError({"reason": f"“{c.enterprise.name}”核减时请填写核减理由"})
    plan = batch_plan(claims, reductions, actor.user)
    for p in plan:
        c = p["claim"]
        reason = reductions.get(c.pk, (0, ""))[1]
        if p["cut"] and p["requested"] != c.claimed_fen:
            reason = f"{reason}；资金池余额不足，按规则调减 {format_fen(p['cut'])}"
        elif p["cut"]:
            reason = f"资金池余额不足，按规则调减 {format_fen(p['cut'])}"
        changes = {"status": ClaimStatus.APPROVED, "approved_fen": p["granted"], "reduction_reason": reason.strip("；")[:300],
                   "approved_by": actor.name, "approved_on": today}  # fmt: skip
        core.update_object(c, changes, actor)
        core.emit_event(c.enterprise, APPROVED, f"“{c.clause.name}”核定 {format_fen(p['granted'])}", actor)
        _tell(c, f"政策兑现核定：{c.clause.name} {format_fen(p['granted'])}", actor)
    return plan
