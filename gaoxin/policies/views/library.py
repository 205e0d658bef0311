"""The policy library: list, load files, a policy with its clauses in plain Chinese, edit a clause
(checked as you type), publish/repeal, run the matching."""

from __future__ import annotations

import difflib
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gaoxin.core.context import Actor
from gaoxin.engine.catalog import catalog
from gaoxin.engine.units import format_fen
from gaoxin.web.generic import ObjectListView, need

from .. import actions
from ..choices import Mode, Outcome, PolicyStatus
from ..filtersets import PolicyFilterSet
from ..forms import ClauseForm
from ..models import Match, MatchRun
from ..scopes import clauses_for, policies_for
from ..tables import POLICY_TABLE
from .common import report, this_year, year_of


class PolicyList(ObjectListView):
    title = "政策库"
    capability = "policies.view"
    filterset_class = PolicyFilterSet
    table = POLICY_TABLE
    template_name = "policies/library.html"

    def scoped_queryset(self, request):
        return policies_for(request.user).select_related("department")

    def extra_context(self, request, qs) -> dict:
        return {
            "can_edit": request.user.can("policies.edit"),
            "runs": MatchRun.objects.all()[:5],
            "this_year": this_year(),
        }


library = PolicyList.as_view()


@login_required
@require_POST
def load(request):
    need(request, "policies.edit")
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, "请选择政策文件（.yaml）")
        return redirect("policies:library")
    try:
        texts = [(f.name, f.read().decode("utf-8")) for f in files]
        loaded = actions.load_policies(texts, Actor.from_request(request))
    except UnicodeDecodeError:
        messages.error(request, "政策文件应为 UTF-8 编码的 YAML 文本")
        return redirect("policies:library")
    except ValidationError as exc:
        messages.error(request, "政策文件有误，未载入任何内容：")
        report(request, exc)
        return redirect("policies:library")
    for policy, changed in loaded:
        messages.success(
            request, f"{policy.name}（{policy.code}）{'已载入并完成匹配' if changed else '无变化'}"
        )
    return redirect("policies:policy", loaded[0][0].pk) if len(loaded) == 1 else redirect("policies:library")


@login_required
def policy_detail(request, pk: int):
    need(request, "policies.view")
    policy = get_object_or_404(policies_for(request.user).select_related("department"), pk=pk)
    year = year_of(request)
    clauses = list(policy.clauses.select_related("fund"))
    stats = {
        row["clause_id"]: row
        for row in Match.objects.filter(year=year, clause__policy=policy, verdict=Outcome.MATCH, excluded="")
        .values("clause_id").annotate(n=Count("id"), total=Sum("amount_fen"))
    }  # fmt: skip
    for c in clauses:
        c.stats = stats.get(c.pk, {"n": 0, "total": 0})
    context = {
        "title": policy.name, "policy": policy, "clauses": clauses, "year": year,
        "can_edit": request.user.can("policies.edit"), "statuses": PolicyStatus, "modes": Mode,
    }  # fmt: skip
    return render(request, "policies/policy.html", context)


@login_required
@require_POST
def policy_status(request, pk: int):
    need(request, "policies.edit")
    policy = get_object_or_404(policies_for(request.user), pk=pk)
    try:
        actions.set_status(
            policy, request.POST.get("status", ""), Actor.from_request(request), _version(request)
        )
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, f"政策已设为“{request.POST.get('status')}”")
    return redirect("policies:policy", pk)


def _version(request):
    try:
        return int(request.POST.get("version")) if request.POST.get("version") else None
    except ValueError:
        return None


@login_required
@require_POST
def run(request):
    need(request, "policies.edit")
    try:
        result = actions.run_matching(year_of(request), Actor.from_request(request))
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(
            request,
            f"{result.year} 年度政策匹配完成：{result.enterprise_count} 家企业 × {result.clause_count} 个条款，"
            f"符合 {result.matched} 条，测算 {format_fen(result.amount_fen)}（{result.seconds} 秒）",
        )
    return redirect(request.POST.get("next") or "policies:matches")


@login_required
def clause_edit(request, pk: int):
    need(request, "policies.edit")
    clause = get_object_or_404(clauses_for(request.user).select_related("policy"), pk=pk)
    form = ClauseForm(request.POST or None, instance=clause)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_clause(clause, form.changes(), Actor.from_request(request), _version(request))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"条款“{clause.name}”已保存，并已重新匹配")
            return redirect("policies:policy", clause.policy_id)
    return render(
        request,
        "policies/clause_edit.html",
        {"title": f"修改条款：{clause.name}", "form": form, "clause": clause},
    )


WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


@login_required
def check(request):
    """As you type: the engine's Chinese error for a condition or amount, or its plain reading, and
    field names for the word being typed."""
    need(request, "policies.edit")
    source = request.GET.get("when") or request.GET.get("amount") or ""
    kind = "amount" if "amount" in request.GET else "when"
    fields = {"id": "check", "name": "check", "when": source if kind == "when" else "y >= 0"}
    if kind == "amount":
        fields["amount"] = source
    error = None
    if source.strip():
        from gaoxin.engine.policyfile import PolicyFileError, check_clause

        try:
            check_clause("check", fields, path="")
        except PolicyFileError as exc:
            error = "；".join(m.strip() for m in exc.errors)
    word = WORD.search(source)
    names = list(catalog())
    hints = []
    if word:
        prefix = word.group(0)
        hints = [n for n in names if n.startswith(prefix)][:8] or difflib.get_close_matches(
            prefix, names, n=5, cutoff=0.5
        )
    hints = [(n, catalog()[n].label, catalog()[n].yearly) for n in hints]
    return render(
        request, "policies/_check.html", {"error": error, "source": source, "hints": hints, "kind": kind}
    )
