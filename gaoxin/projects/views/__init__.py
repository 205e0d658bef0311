"""Project pages: the list, one project's page and its forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gaoxin.core.actions import required_version, timeline
from gaoxin.core.context import Actor
from gaoxin.web.generic import ObjectListView, need, run

from .. import actions
from ..actions.reporting import submit_report
from ..choices import MILESTONES
from ..filtersets import ProjectFilterSet
from ..forms import PROJECT_FIELDS, MilestoneForm, NodeForm, ProjectForm, ReportForm, TerminateForm
from ..frames import statuses
from ..models import ProjectNode
from ..scopes import list_projects, scoped_projects
from ..tables import project_table


class ProjectListView(ObjectListView):
    title = "项目库"
    capability = "projects.view"
    filterset_class = ProjectFilterSet
    create_url_name = "projects:create"
    create_capability = "projects.edit"
    export_url_name = "projects:export"
    extra_actions = (("projects:board", "挂图作战"), ("projects:dashboard", "项目看板"))

    def scoped_queryset(self, request):
        return list_projects(request.user)

    def get(self, request):
        filterset, qs = self.filtered(request)
        self.table = project_table(statuses(qs, request.user.zone))
        return super().get(request)


@login_required
def detail(request, pk):
    need(request, "projects.view")
    project = get_object_or_404(list_projects(request.user), pk=pk)
    context = {
        "title": project.name,
        "project": project,
        "status": statuses(scoped_projects(request.user).filter(pk=pk), project.zone).get(pk),
        "nodes": project.nodes.select_related("unit"),
        "reports": project.reports.select_related("reporter", "confirmed_by").prefetch_related("photos")[:12],
        "problems": project.problems.select_related("lead_department")[:20],
        "events": timeline(project)[:30],
        "milestones": [
            (s, getattr(project, p) if p else None, getattr(project, a)) for s, (p, a) in MILESTONES.items()
        ],
        "milestone_form": MilestoneForm(),
        "terminate_form": TerminateForm(),
        "node_form": NodeForm(),
    }
    return render(request, "projects/detail.html", context)


@login_required
def edit(request, pk=None):
    need(request, "projects.edit")
    project = get_object_or_404(scoped_projects(request.user), pk=pk) if pk else None
    form = ProjectForm(request.POST or None, request.FILES or None, instance=project, zone=request.user.zone)
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        data = {f: form.cleaned_data[f] for f in PROJECT_FIELDS} | {"owner": form.cleaned_data["owner_uscc"]}
        if project is None:
            done = run(
                request, lambda: actions.create_project(data, actor), "项目已新建，已按模板生成节点计划"
            )
            if done:
                return redirect("projects:detail", pk=scoped_projects(request.user).get(code=data["code"]).pk)
        else:
            posted = request.POST.get("version")
            call = lambda: actions.update_project(  # noqa: E731
                project, data, actor, expected_version=required_version(posted)
            )
            if run(request, call, "项目信息已保存"):
                return redirect("projects:detail", pk=project.pk)
    title = f"编辑项目：{project.name}" if project else "新建项目"
    return render(request, "projects/form.html", {"title": title, "form": form, "project": project})


@require_POST
@login_required
def act(request, pk, op):
    """The small POST forms on a project's page: generate plan, record milestone, terminate."""
    project = get_object_or_404(scoped_projects(request.user), pk=pk)
    actor = Actor.from_request(request)
    if op == "plan":
        run(request, lambda: actions.generate_plan(project, actor), "已按模板重新生成未完成节点")
    elif op == "milestone":
        form = MilestoneForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            call = lambda: actions.record_milestone(project, d["stage"], d["day"], actor)  # noqa: E731
            run(request, call, f"已登记{d['stage']}")
    elif op == "terminate":
        form = TerminateForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            run(
                request,
                lambda: actions.terminate_project(project, d["day"], d["reason"], actor),
                "项目已终止",
            )
    return redirect("projects:detail", pk=pk)


@require_POST
@login_required
def node(request, pk):
    node = get_object_or_404(ProjectNode.objects.select_related("project"), pk=pk)
    get_object_or_404(scoped_projects(request.user), pk=node.project_id)
    form = NodeForm(request.POST)
    actor = Actor.from_request(request)
    if form.is_valid():
        d = form.cleaned_data
        if d["actual_on"]:
            run(
                request,
                lambda: actions.complete_node(node, d["actual_on"], actor),
                f"节点“{node.name}”已完成",
            )
        elif d["planned_on"]:
            changes = {"planned_on": d["planned_on"], "note": d["note"]}
            run(request, lambda: actions.adjust_node(node, changes, actor), f"节点“{node.name}”计划已调整")
    return redirect("projects:detail", pk=node.project_id)


@login_required
def report(request, pk):
    """A liaison files this period's dispatch report, optionally raising a problem."""
    need(request, "projects.report")
    project = get_object_or_404(scoped_projects(request.user), pk=pk)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {
            k: form.cleaned_data[k]
            for k in ("period_day", "period_investment", "cumulative_investment", "progress")
        }
        actor = Actor.from_request(request)
        call = lambda: submit_report(project, data, actor, form.cleaned_data["photos"], form.problems())  # noqa: E731
        if run(request, call, "调度报告已提交"):
            return redirect("projects:detail", pk=pk)
    return render(
        request,
        "projects/report_form.html",
        {"title": f"填报调度：{project.name}", "form": form, "project": project},
    )


@login_required
def export(request):
    """The list's rows (same filters, same scope) in the import template's columns."""
    from gaoxin.transfer.exporting import export_bytes
    from gaoxin.transfer.kinds import get_kind
    from gaoxin.web.generic import xlsx_response

    need(request, "projects.view")
    content, _ = export_bytes(get_kind("projects"), request.user, params=request.GET, request=request)
    return xlsx_response(content, "重点项目.xlsx")
