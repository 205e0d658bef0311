"""政策沙盘: before publishing, change a clause's condition or amount and see how many enterprises would
match and what it would cost against the fund — one engine pass, nothing saved."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gaoxin.engine.policyfile import PolicyFileError, check_clause
from gaoxin.web.generic import need

from ..matching import evaluate_zone
from ..scopes import clauses_for
from .common import year_of


@login_required
def sandbox(request):
    need(request, "policies.edit")
    clauses = clauses_for(request.user).select_related("policy", "fund").order_by("policy__code", "order")
    picked = clauses.filter(pk=request.GET.get("clause") or 0).first()
    year = year_of(request)
    when = request.GET.get("when") or (picked.when if picked else "")
    amount = request.GET.get("amount") or (picked.amount if picked else "")
    context = {
        "title": "政策沙盘",
        "clauses": clauses,
        "picked": picked,
        "year": year,
        "when": when,
        "amount": amount,
    }
    if picked and request.GET.get("go"):
        context.update(_trial(picked, year, when, amount))
    return render(request, "policies/sandbox.html", context)


def _trial(picked, year: int, when: str, amount: str) -> dict:
    """The stored clause and the edited one, side by side, over the whole zone."""
    policy = picked.policy
    fields = {"id": picked.code, "name": picked.name, "when": when}
    base = {"id": picked.code, "name": picked.name, "when": picked.when}
    if amount:
        fields["amount"] = amount
    if picked.amount:
        base["amount"] = picked.amount
    try:
        edited = check_clause(policy.code, fields, None, None, "沙盘条款")
        stored = check_clause(policy.code, base, None, None, "原条款")
    except PolicyFileError as exc:
        return {"error": "；".join(exc.errors)}
    edited.key, edited.cap_fen, stored.cap_fen = edited.key + "#trial", picked.cap_fen, picked.cap_fen
    result, _ = evaluate_zone(year, [stored, edited])
    summary = {r["clause"]: r for r in result.summary().iter_rows(named=True)}
    fund = picked.fund
    remaining = fund.remaining_fen() if fund else None
    trial = summary[edited.key]
    return {
        "before": summary[stored.key], "after": trial, "fund": fund, "remaining": remaining,
        "over": remaining is not None and trial["amount_fen"] > remaining,
    }  # fmt: skip
