"""政策找人: the zone's matches (staff), an enterprise's 可享受政策 with one-click confirmation, and a
包联干部's list of his enterprises' pending confirmations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gaoxin.core.context import Actor
from gaoxin.core.money import from_fen
from gaoxin.transfer.writer import write_xlsx
from gaoxin.web.generic import ObjectListView, need, xlsx_response

from .. import actions
from ..choices import Mode, Outcome
from ..filtersets import MatchFilterSet
from ..forms import ConfirmForm
from ..models import Claim, MatchRun
from ..scopes import claims_for, matches_for, own_enterprise
from ..tables import MATCH_TABLE
from .common import report, this_year, year_of


class MatchList(ObjectListView):
    title = "政策找人"
    capability = "policies.edit"
    filterset_class = MatchFilterSet
    table = MATCH_TABLE
    template_name = "policies/matches.html"
    export_url_name = "policies:match_export"

    def scoped_queryset(self, request):
        qs = matches_for(request.user).select_related("enterprise", "clause__policy")
        return qs if request.GET.get("year") else qs.filter(year=this_year())

    def extra_context(self, request, qs) -> dict:
        return {"runs": MatchRun.objects.select_related("policy")[:5], "this_year": this_year()}


matches = MatchList.as_view()


@login_required
def match_export(request):
    need(request, "policies.edit")
    _, qs = MatchList().filtered(request)
    headers = [
        "统一社会信用代码",
        "企业名称",
        "政策编号",
        "条款",
        "结论",
        "金额（元）",
        "差距",
        "缺少数据",
        "从高不重复",
        "年度",
    ]
    rows = (
        [m.enterprise.uscc, m.enterprise.name, m.clause.policy.code, m.clause.name, m.verdict,
         from_fen(m.amount_fen), m.gap_text, m.missing, m.excluded, m.year]
        for m in qs.select_related("enterprise", "clause__policy").order_by("enterprise__uscc", "clause_id").iterator()
    )  # fmt: skip
    return xlsx_response(write_xlsx(headers, rows, "政策匹配"), "政策匹配结果.xlsx")


def _claimed(qs):
    claims = Claim.objects.filter(
        enterprise=OuterRef("enterprise"), clause=OuterRef("clause"), year=OuterRef("year")
    )
    return qs.annotate(claimed=Exists(claims))


@login_required
def mine(request):
    """可享受政策: the enterprise's matches of the year — amounts, near misses, what is missing."""
    need(request, "policies.claim")
    enterprise = own_enterprise(request.user)
    year = year_of(request)
    qs = _claimed(
        matches_for(request.user).filter(year=year).select_related("clause__policy", "clause__fund")
    )
    rows = list(qs.order_by("-amount_fen", "clause__policy__code"))
    context = {
        "title": "可享受政策", "enterprise": enterprise, "year": year, "form": ConfirmForm(),
        "matched": [m for m in rows if m.payable], "excluded": [m for m in rows if m.verdict == Outcome.MATCH and m.excluded],
        "near": [m for m in rows if m.verdict == Outcome.FAIL], "unknown": [m for m in rows if m.verdict == Outcome.UNKNOWN],
        "claims": claims_for(request.user).filter(year=year).select_related("clause"), "auto": Mode.AUTO,
    }  # fmt: skip
    return render(request, "policies/mine.html", context)


@login_required
@require_POST
def confirm(request, pk: int):
    need(request, "policies.claim")
    match = get_object_or_404(matches_for(request.user).select_related("clause", "enterprise"), pk=pk)
    actor = Actor.from_request(request)
    try:
        actions.ensure_owner(actor, match.enterprise)
        claim = actions.claim(
            match, actor, bank_name=request.POST.get("bank_name", ""), bank_account=request.POST.get("bank_account", ""),
            account_name=request.POST.get("account_name", ""), note=request.POST.get("note", ""),
        )  # fmt: skip
    except ValidationError as exc:
        report(request, exc)
    else:
        verb = "已确认享受" if match.clause.mode == Mode.AUTO else "已提交申报"
        messages.success(request, f"{verb}“{claim.clause.name}”，请等待部门审核")
    return redirect("policies:mine")


@login_required
def pending(request):
    """待确认兑现: matched 免申即享 clauses of the enterprises in scope that nobody has confirmed yet."""
    need(request, "policies.follow")
    year = year_of(request)
    qs = _claimed(matches_for(request.user).filter(year=year, verdict=Outcome.MATCH, excluded=""))
    rows = (
        qs.filter(claimed=False)
        .select_related("enterprise", "clause__policy")
        .order_by("enterprise__name", "clause_id")
    )
    return render(request, "policies/pending.html", {"title": "待确认兑现", "rows": rows[:500], "year": year})
