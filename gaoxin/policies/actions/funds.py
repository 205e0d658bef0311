"""拨付 from a fund: the amount split by the fund's level shares (exact to the 分)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gaoxin.core import actions as core
from gaoxin.core.actions import require
from gaoxin.engine.units import format_fen
from gaoxin.registry.actions import require_scope

from .. import budget
from ..choices import ClaimStatus
from ..models import Claim
from .claims import _status, _tell
from .events import PAID


@transaction.atomic
def pay_claim(claim: Claim, actor, paid_on: date, voucher_no: str, version=None) -> Claim:
    """拨付: the date and voucher; the amount is split by the fund's level shares (exact to the 分)."""
    require(actor, "policies.pay")
    require_scope(actor, claim.enterprise)
    _status(claim, (ClaimStatus.APPROVED,), "拨付")
    if not (voucher_no or "").strip():
        raise ValidationError({"voucher_no": "请填写拨付凭证号"})
    if paid_on is None or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "拨付日期不能晚于今天"})
    shares = budget.split_shares(claim.approved_fen or 0, claim.fund.shares if claim.fund else {})
    changes = {
        "status": ClaimStatus.PAID,
        "paid_on": paid_on,
        "voucher_no": voucher_no.strip(),
        "shares_fen": shares,
    }
    claim = core.update_object(claim, changes, actor, expected_version=version)
    core.emit_event(
        claim.enterprise,
        PAID,
        f"“{claim.clause.name}”拨付 {format_fen(claim.approved_fen)}（凭证 {voucher_no}）",
        actor,
    )
    _tell(claim, f"政策资金已拨付：{claim.clause.name} {format_fen(claim.approved_fen)}", actor)
    return claim
