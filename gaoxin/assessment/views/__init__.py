"""Assessment pages: the verdict list and export, an enterprise's assessment (explanations, points,
what-if, expert inputs), the enterprise's own view, and the run button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gaoxin.core.actions import StaleVersionError, record_export, required_version
from gaoxin.core.apiutil import YEAR_MAX, YEAR_MIN
from gaoxin.core.context import Actor
from gaoxin.core.refusals import audit_refusal
from gaoxin.engine.lang.errors import RuleError
from gaoxin.transfer.writer import write_xlsx
from gaoxin.web.generic import ObjectListView, deny, need, xlsx_response

from .. import actions, explain
from ..filtersets import VerdictFilterSet
from ..forms import ExpertScoresForm, StageForm, WhatIfForm
from ..ladder import ladder, rule_label
from ..models import AssessmentRun, EnterpriseInput, LadderMark
from ..runner import near_gap, no_data_message, year_has_data
from ..scopes import enterprise_in_scope, own_enterprise, verdicts_for
from ..tables import EXPORT_COLUMNS, VERDICT_TABLE


class VerdictListView(ObjectListView):
    title = "资质评估结论"
    capability = "assessment.view"
    filterset_class = VerdictFilterSet
    table = VERDICT_TABLE
    export_url_name = "assessment:verdict_export"
    template_name = "assessment/verdict_list.html"

    def scoped_queryset(self, request):
        return verdicts_for(request.user).select_related("enterprise")

    def filtered(self, request):
        filterset, qs = super().filtered(request)
        if not request.GET.get("year"):
            qs = qs.filter(year=explain.latest_year() or timezone.localdate().year)
        return filterset, qs

    def extra_context(self, request, qs) -> dict:
        return {
            "runs": AssessmentRun.objects.all()[:5],
            "can_run": request.user.can("assessment.run"),
            "this_year": timezone.localdate().year,
        }


@login_required
def verdict_export(request):
    need(request, "assessment.view")
    view = VerdictListView()
    _, qs = view.filtered(request)
    qs = qs.order_by("enterprise__name", "rule")
    rows = ([get(v) for _, get in EXPORT_COLUMNS] for v in qs.iterator(chunk_size=2000))
    content = write_xlsx([h for h, _ in EXPORT_COLUMNS], rows, "资质评估结论")
    record_export(request.user, request, f"资质评估结论 {request.GET.urlencode()}")
    return xlsx_response(content, "资质评估结论.xlsx")


@login_required
@require_POST
def run(request):
    need(request, "assessment.run")
    from gaoxin.core import work

    from ..tasks import assess_zone

    text = (request.POST.get("year") or "").strip()
    year = int(text) if text.isdigit() else timezone.localdate().year if not text else None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        return _run_refused(request, f"评估年度应为 {YEAR_MIN}—{YEAR_MAX} 之间的整数")
    if not year_has_data(year):  # refused here at once (the action refuses it too), not as a failed task
        return _run_refused(request, no_data_message(year))
    task_run = work.submit(assess_zone, "assessment.run", f"{year} 年度资质评估", Actor.from_request(request),
                           {"year": year})  # fmt: skip
    if task_run.state == "done":  # an immediate backend ran it already
        result = AssessmentRun.objects.get(pk=task_run.result["assessment_run"])
        return render(
            request, "assessment/_run_result.html", {"run": result, "counts": _labelled_counts(result)}
        )
    return render(request, "web/_task_run.html", {"task_run": task_run})


def _run_refused(request, message: str):
    """The run button's answer when nothing is run: a 200 fragment (htmx swaps no 4xx answer)."""
    return render(request, "assessment/_run_refused.html", {"message": message})


def _labelled_counts(result) -> list:
    """The qualifications by their Chinese names, in ladder order (the run stores rule ids: tsme, hte …)."""
    counts = sorted(result.counts.items(), key=lambda item: explain.RULE_ORDER.get(item[0], 99))
    return [(rule_label(rule), verdicts) for rule, verdicts in counts]


def _year(request, enterprise) -> int:
    try:
        return (
            int(request.GET.get("year") or request.POST.get("year") or 0)
            or explain.latest_year(enterprise)
            or timezone.localdate().year
        )
    except ValueError:
        raise Http404


def _page_context(request, enterprise) -> dict:
    year = _year(request, enterprise)
    inputs = EnterpriseInput.objects.filter(enterprise=enterprise, year=year).first()
    stages = ladder([enterprise.pk], year, near_gap(request.user)).to_dicts()
    for s in stages:
        s["target"] = rule_label(s["target"])
    return {
        "title": f"{enterprise.name} · 资质评估",
        "enterprise": enterprise,
        "year": year,
        "rules": explain.stored(enterprise, year),
        "whatif_form": WhatIfForm(),
        "expert_form": ExpertScoresForm(
            initial={**(inputs.values if inputs else {}), "version": inputs.version if inputs else None}
        ),
        "stage_form": StageForm(),
        "stages": stages,
        "marks": LadderMark.objects.filter(enterprise=enterprise).exclude(stage=""),
        "mark_versions": dict(
            LadderMark.objects.filter(enterprise=enterprise).values_list("track", "version")
        ),
        "can_input": request.user.can("assessment.run"),
        "can_move": request.user.can("ladder.move"),
        "near": near_gap(request.user),
        # provenance and research notes (口径理解, 据第三方转载) are for staff, never for the enterprise
        "show_basis": not request.user.can("assessment.own"),
    }


@login_required
def enterprise_page(request, pk: int):
    need(request, "assessment.view")
    enterprise = enterprise_in_scope(request.user, pk)
    return render(request, "assessment/enterprise.html", _page_context(request, enterprise))


@login_required
def my_enterprise(request):
    need(request, "assessment.view")
    enterprise = own_enterprise(request.user)
    if enterprise is None:
        deny(request, "assessment.my_enterprise")
    context = _page_context(request, enterprise) | {
        "own_view": True,
        "can_input": False,
        "can_move": False,
        "show_basis": False,
    }
    return render(request, "assessment/enterprise.html", context)


@login_required
def points_breakdown(request, pk: int):
    need(request, "assessment.view")
    enterprise = enterprise_in_scope(request.user, pk)
    rows = explain.score_breakdown(enterprise, _year(request, enterprise))
    return render(request, "assessment/_breakdown.html", {"rows": rows})


@login_required
@require_POST
def whatif(request, pk: int):
    """Re-evaluate one enterprise with a changed input; nothing is saved."""
    need(request, "assessment.view")
    enterprise = enterprise_in_scope(request.user, pk)
    year = _year(request, enterprise)
    form = WhatIfForm(request.POST)
    context = {"form": form, "enterprise": enterprise, "year": year}
    if form.is_valid():
        try:
            changes = form.changes()
            before = explain.one_enterprise(enterprise, year)
            after = explain.one_enterprise(enterprise, year, changes=changes)
            context["rows"] = explain.compare(before, after, enterprise.uscc)
            context["change_text"] = (
                f"{dict(form.fields['field'].choices)[form.cleaned_data['field']]} {form.cleaned_data['change']}"
            )
        except RuleError as exc:
            form.add_error("change", str(exc).splitlines()[0])
    return render(request, "assessment/_whatif.html", context)


@login_required
@require_POST
def save_expert_scores(request, pk: int):
    need(request, "assessment.run")
    enterprise = enterprise_in_scope(request.user, pk)
    year = _year(request, enterprise)
    form = ExpertScoresForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "专家评分有误：" + "；".join(f"{form.fields[f].label}{e[0]}" for f, e in form.errors.items()),
        )
        return redirect(_page_url(enterprise, year))
    values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    version = form.cleaned_data["version"]
    try:
        if EnterpriseInput.objects.filter(enterprise=enterprise, year=year).exists():
            version = required_version(version)  # stored scores: the version the form was opened at
        actions.save_inputs(enterprise, year, values, Actor.from_request(request), version=version)
    except (StaleVersionError, ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        messages.success(request, "专家评分已保存；重新运行评估后计入结论")
    return redirect(_page_url(enterprise, year))


@login_required
@require_POST
def set_stage(request, pk: int):
    need(request, "ladder.move")
    enterprise = enterprise_in_scope(request.user, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            version = None
            if LadderMark.objects.filter(enterprise=enterprise, track=d["track"]).exists():
                version = required_version(request.POST.get(f"version_{d['track']}"))  # the mark as read
            actions.set_stage(
                enterprise,
                d["track"],
                d["stage"],
                Actor.from_request(request),
                d["target"] or None,
                d["note"],
                version,
            )
        except (ValidationError, PermissionDenied, ObjectDoesNotExist, StaleVersionError) as exc:
            if isinstance(exc, PermissionDenied):
                audit_refusal(request, exc)
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "梯度培育阶段已更新")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = _page_url(enterprise, None)
    return redirect(target)


def _page_url(enterprise, year) -> str:
    from django.urls import reverse

    return reverse("assessment:enterprise", args=[enterprise.pk]) + (f"?year={year}" if year else "")
