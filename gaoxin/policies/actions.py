"""Every write of the policy app: loading and publishing policies, editing a clause, matching, and the
兑现 chain (意愿确认/申报 → 审核 → 公示 → 核定 → 拨付). Each checks the capability and the enterprise's
scope, writes state + change row + timeline event (``gaoxin.core.actions``) in one transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gaoxin.assessment.runner import zone_setting
from gaoxin.core import actions as core
from gaoxin.core.actions import require
from gaoxin.engine.policyfile import PolicyDoc, PolicyFileError, check_clause, read_text
from gaoxin.engine.units import format_fen
from gaoxin.registry.actions import require_scope

from . import budget
from .choices import CUT_RULE, PUBLICITY_DAYS, ClaimStatus, Mode, Outcome, PolicyStatus
from .library import store_doc
from .models import Claim, Clause, Match, Policy

LOADED = "policies.loaded"
STATUS = "policies.status"
CLAUSE_SAVED = "policies.clause_saved"
MATCHED = "policies.matched"
CLAIMED = "policies.claimed"
REVIEWED = "policies.reviewed"
PUBLICITY = "policies.publicity"
APPROVED = "policies.approved"
PAID = "policies.paid"
EVENT_TYPES = {
    LOADED: "政策载入", STATUS: "政策状态", CLAUSE_SAVED: "条款修改", MATCHED: "政策匹配",
    CLAIMED: "意愿确认/申报", REVIEWED: "兑现审核", PUBLICITY: "兑现公示", APPROVED: "兑现核定", PAID: "资金拨付",
}  # fmt: skip
NOTIFICATION_KINDS = {
    "policies.matched": "可享受政策",
    "policies.matched_liaison": "包联企业新匹配政策",
    "policies.claim_progress": "政策兑现进度",
}


def _rematch(policy: Policy, actor) -> None:
    """A new or changed published policy is matched at once for the current year (its enterprises told)."""
    from .matching import run_match

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
    from .matching import run_match

    require(actor, "policies.edit")
    run = run_match(year, actor, policy, progress)
    return run


# -- 兑现 -----------------------------------------------------------------------------------------------
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
    from .models import Fund

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


def ensure_owner(actor, enterprise) -> None:
    if actor.user is not None and actor.user.role == "enterprise":
        account = getattr(actor.user, "enterprise_account", None)
        if account is None or account.enterprise_id != enterprise.pk:
            raise PermissionDenied("只能为本企业确认或申报")


__all__ = ["Outcome"]
