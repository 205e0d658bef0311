"""Problem ledger pages: the list, a problem's page with its transitions, raising a problem, the counts."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gaoxin.core.actions import timeline
from gaoxin.core.context import Actor
from gaoxin.web.generic import ObjectListView, need, run

from . import actions
from .filtersets import ProblemFilterSet
from .forms import ActionForm, RaiseForm
from .operations import LABELS, operation
from .scopes import list_problems, scoped_problems
from .stats import by_department, totals
from .tables import PROBLEM_TABLE


class ProblemListView(ObjectListView):
    title = "问题台账"
    capability = "problems.view"
    filterset_class = ProblemFilterSet
    table = PROBLEM_TABLE
    create_url_name = "problems:create"
    create_capability = "problems.raise"
    extra_actions = (("problems:stats", "办理情况统计"),)

    def scoped_queryset(self, request):
        return list_problems(request.user)


@login_required
def detail(request, pk):
    need(request, "problems.view")
    problem = get_object_or_404(list_problems(request.user).select_related("escalated_to"), pk=pk)
    user = request.user
    context = {
        "title": f"问题 {problem.code}",
        "problem": problem,
        "overdue": problem.is_overdue(timezone.localdate()),
        "events": timeline(problem),
        "co_departments": problem.co_departments.all(),
        "extensions": problem.extensions.select_related("requested_by", "decided_by"),
        "supervisions": problem.supervisions.select_related("issued_by"),
        "is_handler": actions.may_handle(user, problem),
        "is_raiser": problem.raised_by_id == user.pk,
        "is_leader": user.can("problems.override"),
        "can_approve": user.can("problems.approve_extension"),
        "can_open_enterprise": user.can("registry.view"),
    }
    return render(request, "problems/detail.html", context)


@login_required
def create(request):
    need(request, "problems.raise")
    form = RaiseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        done = run(
            request, lambda: actions.raise_problem(form.cleaned_data, actor), "问题已提交，等待牵头部门受理"
        )
        if done:
            return redirect("problems:detail", pk=done.value.pk)
    return render(request, "problems/form.html", {"title": "反映问题", "form": form})


@require_POST
@login_required
def act(request, pk, op):
    problem = get_object_or_404(scoped_problems(request.user), pk=pk)
    form = ActionForm(request.POST)
    form.is_valid()
    call = operation(op, problem, form.cleaned_data, Actor.from_request(request))
    if call is not None:
        run(request, call, LABELS[op])
    return redirect("problems:detail", pk=pk)


def month_range(text: str | None) -> tuple[dt.date, dt.date, str]:
    from gaoxin.projects.periods import month_end

    today = timezone.localdate()
    try:
        first = dt.date.fromisoformat(f"{text}-01") if text else today.replace(day=1)
    except ValueError:
        first = today.replace(day=1)
    return first, month_end(first), f"{first:%Y-%m}"


@login_required
def stats(request):
    need(request, "problems.view")
    start, end, month = month_range(request.GET.get("month"))
    qs = scoped_problems(request.user)
    context = {
        "title": "问题办理情况统计",
        "month": month,
        "start": start,
        "end": end,
        "totals": totals(qs, start, end),
        "rows": by_department(qs, start, end),
    }
    return render(request, "problems/stats.html", context)
