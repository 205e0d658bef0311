"""调度更正 (the filer corrects a report until it is confirmed) and 调度确认 (the department confirms)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gaoxin.core.actions import required_version
from gaoxin.core.context import Actor
from gaoxin.web.generic import need, run

from ..actions.corrections import confirm_report, correct_report
from ..forms import CorrectionForm
from ..scopes import scoped_reports


def _report(request, pk: int):
    need(request, "projects.view")
    return get_object_or_404(scoped_reports(request.user).select_related("project", "reporter"), pk=pk)


@login_required
def correct(request, pk: int):
    need(request, "projects.report")
    report = _report(request, pk)
    initial = {
        "version": report.version,
        "period_investment": report.period_investment,
        "cumulative_investment": report.cumulative_investment,
        "progress": report.progress,
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("period_investment", "cumulative_investment", "progress")}
        version = form.cleaned_data["version"]
        call = lambda: correct_report(report, data, Actor.from_request(request), required_version(version))  # noqa: E731
        if run(request, call, "调度报告已更正"):
            return redirect("projects:detail", pk=report.project_id)
    title = f"更正调度：{report.project.name} {report.period_label}"
    return render(
        request,
        "projects/report_form.html",
        {"title": title, "form": form, "project": report.project, "correcting": True},
    )


@require_POST
@login_required
def confirm(request, pk: int):
    need(request, "projects.edit")
    report = _report(request, pk)
    run(request, lambda: confirm_report(report, Actor.from_request(request)), "调度报告已确认")
    return redirect("projects:detail", pk=report.project_id)
