"""兑现台账 (every payment, totals by policy, department, fund, street and year, xlsx) and the fund
dashboard (budget vs committed vs paid, ECharts)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import render

from gaoxin.core.money import from_fen
from gaoxin.transfer.writer import write_xlsx
from gaoxin.web.generic import need, xlsx_response

from ..choices import ClaimStatus
from ..filtersets import ClaimFilterSet
from ..scopes import claims_for, funds_for
from ..tables import LEDGER_HEADERS, ledger_row

TOTALS = [
    ("clause__policy__name", "按政策"),
    ("clause__policy__department__name", "按牵头部门"),
    ("fund__name", "按资金池"),
    ("enterprise__unit__name", "按所属单位（街道）"),
    ("year", "按年度"),
]


def paid_claims(request):
    qs = claims_for(request.user).filter(status=ClaimStatus.PAID)
    filterset = ClaimFilterSet(request.GET or None, queryset=qs, request=request)
    return filterset, filterset.qs.select_related("enterprise__unit", "clause__policy__department", "fund")


def totals(qs) -> list[dict]:
    out = []
    for key, label in TOTALS:
        rows = qs.values(key).annotate(n=Count("id"), total=Sum("approved_fen")).order_by("-total")
        out.append({"label": label, "rows": [(r[key] or "—", r["n"], r["total"]) for r in rows]})
    return out


@login_required
def ledger(request):
    need(request, "policies.ledger")
    filterset, qs = paid_claims(request)
    context = {
        "title": "兑现台账", "filterset": filterset, "rows": qs.order_by("-paid_on", "-pk")[:200],
        "count": qs.count(), "total": qs.aggregate(s=Sum("approved_fen"))["s"] or 0, "totals": totals(qs),
        "query": request.GET.urlencode(),
    }  # fmt: skip
    return render(request, "policies/ledger.html", context)


@login_required
def ledger_export(request):
    need(request, "policies.ledger")
    _, qs = paid_claims(request)
    rows = (ledger_row(c) for c in qs.order_by("paid_on", "pk").iterator())
    return xlsx_response(write_xlsx(LEDGER_HEADERS, rows, "兑现台账"), "政策兑现台账.xlsx")


@login_required
def funds(request):
    need(request, "policies.ledger")
    rows = []
    for f in funds_for(request.user).select_related("policy"):
        committed, paid = f.committed_fen(), f.paid_fen()
        rows.append({"fund": f, "committed": committed, "paid": paid, "remaining": f.budget_fen - committed})
    wan = lambda fen: float(from_fen(fen) / 10_000)  # noqa: E731
    option = {
        "tooltip": {"trigger": "axis"}, "legend": {"data": ["预算", "已核定", "已拨付"]},
        "xAxis": {"type": "category", "data": [r["fund"].name for r in rows]},
        "yAxis": {"type": "value", "name": "万元"},
        "series": [
            {"name": "预算", "type": "bar", "data": [wan(r["fund"].budget_fen) for r in rows]},
            {"name": "已核定", "type": "bar", "data": [wan(r["committed"]) for r in rows]},
            {"name": "已拨付", "type": "bar", "data": [wan(r["paid"]) for r in rows]},
        ],
    }  # fmt: skip
    return render(
        request,
        "policies/funds.html",
        {"title": "资金池", "rows": rows, "option_json": json.dumps(option, ensure_ascii=False)},
    )
