"""兑现, the enterprise's side and the review: 意愿确认/申报 of a matched clause, 部门审核, 公示.
Each checks the capability and the enterprise's scope and writes state + change row + event together."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gaoxin.assessment.runner import zone_setting
from gaoxin.core import actions as core
from gaoxin.core.actions import require
from gaoxin.engine.units import format_fen
from gaoxin.registry.actions import require_scope

from .. import budget
from ..choices import PUBLICITY_DAYS, ClaimStatus, Mode
from ..models import Claim, Match
from .events import CLAIMED, PUBLICITY, REVIEWED


def _tell(claim: Claim, title: str, actor) -> None:
    from django.urls import reverse

    from gaoxin.notifications.actions import notify

    users = [a.user for a in claim.enterprise.accounts.select_related("user")]
    notify(
        users,
        kind="policies.claim_progress",
        title=title,
        url=reverse("policies:claim", args=[claim.pk]),
        actor=actor,
    )


@transaction.atomic
def claim(
    match: Match, actor, *, bank_name: str, bank_account: str, account_name: str, note: str = ""
) -> Claim:
    """意愿确认 (免申即享) or 申报 (快申快享 / 申报, within the window) of a matched clause, with the
    bank account the money goes to. The enterprise's own users (or staff for it) only."""
    require(actor, "policies.claim")
    require_scope(actor, match.enterprise)
    clause = match.clause
    if not match.payable:
        raise ValidationError({"match": "该条款当前不符合享受条件，不能确认或申报"})
    today = timezone.localdate()
    if clause.mode != Mode.AUTO and (
        (clause.window_from and today < clause.window_from) or (clause.window_to and today > clause.window_to)
    ):
        raise ValidationError(
            {"match": f"不在申报期内（{clause.window_from or '—'} 至 {clause.window_to or '—'}）"}
        )
    errors = {}
    for key, value, label in (
        ("bank_name", bank_name, "开户银行"),
        ("bank_account", bank_account, "银行账号"),
        ("account_name", account_name, "账户名称"),
    ):
        if not (value or "").strip():
            errors[key] = f"请填写{label}"
    digits = (bank_account or "").replace(" ", "")
    if digits and not (digits.isdigit() and 8 <= len(digits) <= 32):
        errors["bank_account"] = "银行账号应为 8–32 位数字"
    if errors:
        raise ValidationError(errors)
    if Claim.objects.filter(enterprise=match.enterprise, clause=clause, year=match.year).exists():
        raise ValidationError({"match": "该条款本年度已确认或申报，请勿重复提交"})
    row = Claim(
        enterprise=match.enterprise, clause=clause, fund=clause.fund, year=match.year, claimed_fen=match.amount_fen or 0,
        bank_name=bank_name.strip(), bank_account=digits, account_name=account_name.strip(), materials_note=note,
        confirmed_by=actor.user,
    )  # fmt: skip
    core.create_object(row, actor)
    verb = "确认享受" if clause.mode == Mode.AUTO else "申报"
    core.emit_event(
        match.enterprise, CLAIMED, f"{verb}“{clause.name}”（测算 {format_fen(row.claimed_fen)}）", actor
    )
    return row


def _status(claim: Claim, expected: tuple, what: str) -> None:
    if claim.status not in expected:
        raise ValidationError({"status": f"当前状态为“{claim.get_status_display()}”，不能{what}"})


@transaction.atomic
def review_claim(claim: Claim, actor, approve: bool, note: str = "", version=None) -> Claim:
    """部门审核: pass (then publicity) or 不予支持 with a reason."""
    require(actor, "policies.review")
    require_scope(actor, claim.enterprise)
    _status(claim, (ClaimStatus.CONFIRMED,), "审核")
    if not approve and not note.strip():
        raise ValidationError({"note": "不予支持时请填写审核意见"})
    status = ClaimStatus.REVIEWED if approve else ClaimStatus.REJECTED
    claim = core.update_object(
        claim,
        {"status": status, "review_note": note, "reviewed_by": actor.name},
        actor,
        expected_version=version,
    )
    core.emit_event(
        claim.enterprise, REVIEWED, f"“{claim.clause.name}”审核：{claim.get_status_display()}", actor
    )
    _tell(claim, f"政策兑现审核：{claim.clause.name} {claim.get_status_display()}", actor)
    return claim


@transaction.atomic
def start_publicity(claims: list[Claim], actor, start: date | None = None) -> date:
    """公示 for N working days (zone setting ``policy_publicity_days``); returns the last day."""
    require(actor, "policies.review")
    start = start or timezone.localdate()
    days = int(zone_setting(*PUBLICITY_DAYS, actor.user))
    end = budget.add_working_days(start, max(days, 1))
    for c in claims:
        require_scope(actor, c.enterprise)
        _status(c, (ClaimStatus.REVIEWED,), "公示")
        core.update_object(
            c, {"status": ClaimStatus.PUBLICITY, "publicity_from": start, "publicity_to": end}, actor
        )
        core.emit_event(c.enterprise, PUBLICITY, f"“{c.clause.name}”公示 {start} 至 {end}", actor)
    return end


def ensure_owner(actor, enterprise) -> None:
    if actor.user is not None and actor.user.role == "enterprise":
        account = getattr(actor.user, "enterprise_account", None)
        if account is None or account.enterprise_id != enterprise.pk:
            raise PermissionDenied("只能为本企业确认或申报")
