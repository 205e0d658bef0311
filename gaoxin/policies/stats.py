"""The 兑现 figures zones publish ("兑现 X 亿元"): payments of a period and of the year to date, by
policy, and each fund's budget, committed and paid — for the monthly bulletin and the dashboards."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Sum

from .choices import COMMITTED, ClaimStatus
from .models import Claim, Fund


def bulletin_section(start: dt.date, end: dt.date, claims=None) -> dict:
    """Payments dated within [start, end], the year to ``end``, per policy (year to date), per fund."""
    claims = Claim.objects.all() if claims is None else claims
    paid = claims.filter(status=ClaimStatus.PAID)
    month = paid.filter(paid_on__gte=start, paid_on__lte=end).aggregate(
        n=Count("id"), total=Sum("approved_fen")
    )
    year = paid.filter(paid_on__gte=dt.date(end.year, 1, 1), paid_on__lte=end)
    ytd = year.aggregate(n=Count("id"), total=Sum("approved_fen"), ents=Count("enterprise", distinct=True))
    policies = (
        year.values("clause__policy__code", "clause__policy__name")
        .annotate(n=Count("id"), total=Sum("approved_fen"))
        .order_by("-total", "clause__policy__code")
    )
    funds = []
    for f in Fund.objects.filter(year=end.year).order_by("code"):
        committed = f.claims.filter(status__in=COMMITTED).aggregate(s=Sum("approved_fen"))["s"] or 0
        spent = (
            f.claims.filter(status=ClaimStatus.PAID, paid_on__lte=end).aggregate(s=Sum("approved_fen"))["s"]
            or 0
        )
        funds.append({"name": f.name, "budget": f.budget_fen, "committed": committed, "paid": spent})
    return {
        "month_count": month["n"] or 0, "month_fen": month["total"] or 0, "year_count": ytd["n"] or 0,
        "year_fen": ytd["total"] or 0, "year_enterprises": ytd["ents"] or 0,
        "policies": [{"code": p["clause__policy__code"], "name": p["clause__policy__name"], "count": p["n"],
                      "fen": p["total"]} for p in policies],
        "funds": funds, "pending": claims.filter(status__in=(ClaimStatus.CONFIRMED, ClaimStatus.REVIEWED, ClaimStatus.PUBLICITY)).count(),
    }  # fmt: skip
