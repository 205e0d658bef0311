"""The 兑现 chain for the department: the claims list, one claim, 审核, 公示, 核定 (a batch, with the
budget guard shown before it is applied) and 拨付."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gaoxin.core.actions import timeline
from gaoxin.core.context import Actor
from gaoxin.core.masking import shown
from gaoxin.engine.policyfile import parse_money
from gaoxin.engine.units import format_fen
from gaoxin.web.generic import ObjectListView, need

from .. import actions
from ..choices import ClaimStatus
from ..filtersets import ClaimFilterSet
from ..scopes import claims_for
from ..tables import CLAIM_TABLE
from .common import report


class ClaimList(ObjectListView):
    title = "兑现审核"
    capability = "policies.review"
    filterset_class = ClaimFilterSet
    table = CLAIM_TABLE
    template_name = "policies/claims.html"

    def scoped_queryset(self, request):
        return claims_for(request.user).select_related("enterprise", "clause__policy", "fund")

    def extra_context(self, request, qs) -> dict:
        return {"statuses": ClaimStatus}


claims = ClaimList.as_view()


def _claim(request, pk):
    return get_object_or_404(
        claims_for(request.user).select_related("enterprise", "clause__policy", "fund"), pk=pk
    )


@login_required
def claim_detail(request, pk: int):
    need(request, "policies.view")
    claim = _claim(request, pk)
    context = {
        "title": f"政策兑现：{claim.enterprise.name}", "claim": claim, "statuses": ClaimStatus,
        "events": timeline(claim.enterprise).filter(type__startswith="policies.").order_by("-pk")[:20],
        "can_review": request.user.can("policies.review"), "can_pay": request.user.can("policies.pay"),
        "account": shown("bank_account", claim.bank_account, request.user),
    }  # fmt: skip
    return render(request, "policies/claim.html", context)


@login_required
@require_POST
def claim_review(request, pk: int):
    need(request, "policies.review")
    claim = _claim(request, pk)
    try:
        actions.review_claim(
            claim,
            Actor.from_request(request),
            request.POST.get("decision") == "pass",
            request.POST.get("note", ""),
        )
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, f"审核完成：{claim.get_status_display()}")
    return redirect("policies:claim", pk)


def _picked(request):
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    return list(
        claims_for(request.user)
        .filter(pk__in=ids)
        .select_related("enterprise", "clause", "fund")
        .order_by("pk")
    )


@login_required
@require_POST
def publicity(request):
    need(request, "policies.review")
    picked = _picked(request)
    if not picked:
        messages.error(request, "请勾选要公示的兑现记录")
        return redirect("policies:claims")
    try:
        end = actions.start_publicity(picked, Actor.from_request(request))
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, f"已公示 {len(picked)} 条，公示期至 {end}")
    return redirect(request.POST.get("next") or "policies:claims")


def _reductions(request, picked) -> dict:
    out = {}
    for c in picked:
        text = (request.POST.get(f"amount_{c.pk}") or "").strip()
        if not text:
            continue
        errors: list[str] = []
        fen = parse_money(text, f"“{c.enterprise.name}”核定金额", errors)
        if errors:
            raise ValidationError({"approved": errors})
        out[c.pk] = (fen, request.POST.get(f"reason_{c.pk}", ""))
    return out


@login_required
@require_POST
def approve(request):
    """核定 a batch: first the plan (amounts after 核减 and the budget guard), then, confirmed, apply it."""
    need(request, "policies.review")
    picked = _picked(request)
    if not picked:
        messages.error(request, "请勾选要核定的兑现记录")
        return redirect("policies:claims")
    try:
        reductions = _reductions(request, picked)
        if request.POST.get("apply") != "1":
            plan = actions.batch_plan(picked, reductions, request.user)
            context = {"title": "核定兑现金额", "plan": plan, "total": sum(p["granted"] for p in plan),
                       "cut": sum(p["cut"] for p in plan), "reductions": reductions}  # fmt: skip
            return render(request, "policies/approve.html", context)
        plan = actions.approve_claims(picked, Actor.from_request(request), reductions)
    except ValidationError as exc:
        report(request, exc)
        return redirect("policies:claims")
    messages.success(request, f"已核定 {len(plan)} 条，合计 {format_fen(sum(p['granted'] for p in plan))}")
    return redirect("policies:claims")


@login_required
@require_POST
def claim_pay(request, pk: int):
    need(request, "policies.pay")
    claim = _claim(request, pk)
    try:
        paid_on = date.fromisoformat(request.POST.get("paid_on", ""))
    except ValueError:
        messages.error(request, "拨付日期格式应为 2025-06-30")
        return redirect("policies:claim", pk)
    try:
        actions.pay_claim(claim, Actor.from_request(request), paid_on, request.POST.get("voucher_no", ""))
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, f"已登记拨付 {format_fen(claim.approved_fen)}")
    return redirect("policies:claim", pk)
