"""/api/v1/policies/: the library, matches, claims (意愿确认/申报, 审核, 核定, 拨付), funds and the ledger.
Same scoped querysets, FilterSets and actions as the pages: an enterprise sees its own matches and
claims only; banks (no ``policies.view``) are refused everything here."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from gaoxin.core.apiutil import Limit, Offset, Year, declares_filters, filtered, need
from gaoxin.core.context import Actor

from . import actions
from .choices import ClaimStatus
from .filtersets import ClaimFilterSet, MatchFilterSet, PolicyFilterSet
from .scopes import claims_for, funds_for, matches_for, policies_for

router = Router(tags=["政策库与政策兑现"])


def _page(qs, limit: int, offset: int):
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return qs.count(), qs[offset : offset + limit]


def clause_out(c) -> dict:
    return {
        "id": c.pk, "code": c.code, "name": c.name, "article": c.article, "mode": c.mode, "when": c.when,
        "amount": c.amount, "cap_fen": c.cap_fen, "group": c.group, "fund": c.fund.code if c.fund else None,
        "window_from": c.window_from, "window_to": c.window_to, "materials": c.materials,
    }  # fmt: skip


def policy_out(p, clauses: bool = False) -> dict:
    out = {
        "id": p.pk, "code": p.code, "name": p.name, "doc_no": p.doc_no, "issuer": p.issuer, "level": p.level,
        "department": p.department.name if p.department else None, "effective_from": p.effective_from,
        "effective_to": p.effective_to, "status": p.status, "version": p.version,
    }  # fmt: skip
    if clauses:
        out["clauses"] = [clause_out(c) for c in p.clauses.select_related("fund")]
    return out


def match_out(m) -> dict:
    return {
        "id": m.pk, "enterprise": m.enterprise_id, "uscc": m.enterprise.uscc, "name": m.enterprise.name,
        "policy": m.clause.policy.code, "clause": m.clause.code, "clause_name": m.clause.name, "year": m.year,
        "verdict": m.verdict, "amount_fen": m.amount_fen, "gap_text": m.gap_text, "missing": m.missing,
        "excluded": m.excluded,
    }  # fmt: skip


def claim_out(c) -> dict:
    return {
        "id": c.pk, "enterprise": c.enterprise_id, "uscc": c.enterprise.uscc, "name": c.enterprise.name,
        "policy": c.clause.policy.code, "clause": c.clause.code, "year": c.year, "status": c.status,
        "status_label": c.get_status_display(), "claimed_fen": c.claimed_fen, "approved_fen": c.approved_fen,
        "reduction_reason": c.reduction_reason, "publicity_to": c.publicity_to, "paid_on": c.paid_on,
        "voucher_no": c.voucher_no, "shares_fen": c.shares_fen, "fund": c.fund.code if c.fund else None,
        "version": c.version,
    }  # fmt: skip


@router.get("/policies", summary="政策库（筛选条件同政策库页面）")
@declares_filters(PolicyFilterSet)
def list_policies(request, limit: Limit = 50, offset: Offset = 0):
    need(request, "policies.view")
    qs = filtered(PolicyFilterSet, request, policies_for(request.user))
    count, rows = _page(qs.select_related("department").order_by("code", "pk"), limit, offset)
    return {"count": count, "items": [policy_out(p) for p in rows]}


@router.get("/policies/{pk}", summary="一项政策及其条款")
def get_policy(request, pk: int):
    need(request, "policies.view")
    return policy_out(
        get_object_or_404(policies_for(request.user).select_related("department"), pk=pk), clauses=True
    )


class LoadIn(Schema):
    files: dict[str, str]  # {file name: YAML text}
    match: bool = True


@router.post("/policies/load", summary="载入政策文件（全部校验通过才保存），并立即匹配")
def load(request, data: LoadIn):
    loaded = actions.load_policies(list(data.files.items()), Actor.from_request(request, "api"), data.match)
    return {"items": [{**policy_out(p), "changed": changed} for p, changed in loaded]}


class RunIn(Schema):
    year: Year
    policy: int | None = None


@router.post("/match", summary="政策匹配：全部已发布政策（或一项政策）× 全部企业")
def run(request, data: RunIn):
    policy = get_object_or_404(policies_for(request.user), pk=data.policy) if data.policy else None
    r = actions.run_matching(data.year, Actor.from_request(request, "api"), policy)
    return {"run": r.pk, "year": r.year, "enterprises": r.enterprise_count, "clauses": r.clause_count,
            "matched": r.matched, "amount_fen": r.amount_fen, "stored": r.stored, "seconds": r.seconds}  # fmt: skip


@router.get("/matches", summary="匹配结果（企业用户仅本企业；包联干部仅所包联企业）")
@declares_filters(MatchFilterSet)
def list_matches(request, limit: Limit = 50, offset: Offset = 0):
    need(request, "policies.view")
    qs = matches_for(request.user).select_related("enterprise", "clause__policy")
    qs = filtered(MatchFilterSet, request, qs).order_by("enterprise_id", "clause_id", "pk")
    count, rows = _page(qs, limit, offset)
    return {"count": count, "items": [match_out(m) for m in rows]}


class ClaimIn(Schema):
    bank_name: str
    bank_account: str
    account_name: str
    note: str = ""


@router.post("/matches/{pk}/claim", summary="意愿确认（免申即享）或申报（快申快享/申报）")
def claim(request, pk: int, data: ClaimIn):
    match = get_object_or_404(matches_for(request.user).select_related("clause", "enterprise"), pk=pk)
    actor = Actor.from_request(request, "api")
    actions.ensure_owner(actor, match.enterprise)
    return claim_out(actions.claim(match, actor, **data.dict()))


@router.get("/claims", summary="兑现记录（企业用户仅本企业）")
@declares_filters(ClaimFilterSet)
def list_claims(request, limit: Limit = 50, offset: Offset = 0):
    need(request, "policies.view")
    qs = claims_for(request.user).select_related("enterprise", "clause__policy", "fund")
    qs = filtered(ClaimFilterSet, request, qs).order_by("-pk")
    count, rows = _page(qs, limit, offset)
    return {"count": count, "items": [claim_out(c) for c in rows]}


def _claim(request, pk):
    return get_object_or_404(
        claims_for(request.user).select_related("enterprise", "clause__policy", "fund"), pk=pk
    )


class ReviewIn(Schema):
    approve: bool
    note: str = ""
    version: int


@router.post("/claims/{pk}/review", summary="部门审核：通过或不予支持")
def review(request, pk: int, data: ReviewIn):
    c = actions.review_claim(
        _claim(request, pk), Actor.from_request(request, "api"), data.approve, data.note, data.version
    )
    return claim_out(c)


class BatchIn(Schema):
    ids: list[int]
    amounts_fen: dict[int, int] = {}
    reasons: dict[int, str] = {}
    apply: bool = False


def _batch(request, ids):
    return list(
        claims_for(request.user)
        .filter(pk__in=ids)
        .select_related("enterprise", "clause", "fund")
        .order_by("pk")
    )


@router.post("/claims/publicity", summary="公示（园区设置的工作日数）")
def publicity(request, data: BatchIn):
    end = actions.start_publicity(_batch(request, data.ids), Actor.from_request(request, "api"))
    return {"publicity_to": end}


@router.post("/claims/approve", summary="核定（apply=false 只返回测算：核减与资金池余额不足时的按比例调减）")
def approve(request, data: BatchIn):
    need(request, "policies.review")
    rows = _batch(request, data.ids)
    reductions = {pk: (fen, data.reasons.get(pk, "")) for pk, fen in data.amounts_fen.items()}
    plan = (
        actions.approve_claims(rows, Actor.from_request(request, "api"), reductions)
        if data.apply
        else actions.batch_plan(rows, reductions, request.user)
    )
    return {"applied": data.apply, "items": [{"claim": p["claim"].pk, "requested_fen": p["requested"],
            "granted_fen": p["granted"], "cut_fen": p["cut"], "fund_left_fen": p["fund_left"]} for p in plan]}  # fmt: skip


class PayIn(Schema):
    paid_on: date
    voucher_no: str
    version: int


@router.post("/claims/{pk}/pay", summary="拨付登记")
def pay(request, pk: int, data: PayIn):
    c = actions.pay_claim(
        _claim(request, pk), Actor.from_request(request, "api"), data.paid_on, data.voucher_no, data.version
    )
    return claim_out(c)


@router.get("/funds", summary="资金池：预算、已核定、已拨付、余额")
def list_funds(request):
    need(request, "policies.ledger")
    return {"items": [
        {"code": f.code, "name": f.name, "year": f.year, "budget_fen": f.budget_fen, "shares": f.shares,
         "committed_fen": f.committed_fen(), "paid_fen": f.paid_fen(), "remaining_fen": f.remaining_fen()}
        for f in funds_for(request.user)
    ]}  # fmt: skip


@router.get("/ledger", summary="兑现台账：已拨付记录与合计")
@declares_filters(ClaimFilterSet)
def ledger(request, limit: Limit = 50, offset: Offset = 0):
    need(request, "policies.ledger")
    qs = (
        claims_for(request.user)
        .filter(status=ClaimStatus.PAID)
        .select_related("enterprise", "clause__policy", "fund")
    )
    qs = filtered(ClaimFilterSet, request, qs).order_by("-paid_on", "-pk")
    count, rows = _page(qs, limit, offset)
    total = sum(c.approved_fen or 0 for c in qs)
    return {"count": count, "total_fen": total, "items": [claim_out(c) for c in rows]}
