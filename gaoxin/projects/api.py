"""/api/v1/projects/: the same scoped querysets, FilterSet and actions as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from gaoxin.core.actions import timeline
from gaoxin.core.apiutil import Limit, Offset, Year, declares_filters, filtered, require_version
from gaoxin.core.apiutil import api_actor as _actor
from gaoxin.core.apiutil import need as _need
from gaoxin.core.apiutil import page as _page

from . import actions
from .actions import ranking, reporting
from .api_schemas import ProjectIn, ProjectPatch, ReportIn, node_out, project_out, report_out
from .filtersets import ProjectFilterSet
from .frames import status_frame, statuses
from .models import DispatchReport, ProjectNode
from .scopes import list_projects, scoped_projects, scoped_reports
from .stats import DEFINITIONS, GROUPS, breakdown, cohort_stats

router = Router(tags=["重点项目"])


@router.get("/", summary="项目列表（筛选条件同项目库页面）")
@declares_filters(ProjectFilterSet)
def list_(request, limit: Limit = 50, offset: Offset = 0):
    _need(request, "projects.view")
    qs = filtered(ProjectFilterSet, request, list_projects(request.user))
    count, rows = _page(qs.order_by("code"), limit, offset)
    rows = list(rows)
    found = statuses(qs.filter(pk__in=[p.pk for p in rows]), request.user.zone)
    return {"count": count, "items": [project_out(p, found.get(p.pk)) for p in rows]}


@router.post("/", summary="新建项目（按模板生成节点计划）")
def create(request, body: ProjectIn):
    project = actions.create_project(body.to_data(request.user.zone), _actor(request))
    return project_out(project)


@router.get("/stats", summary="开工率、投产率、投资完成率（按签约年度）")
def stats(request, year: Year, by: str | None = None):
    _need(request, "projects.view")
    qs = scoped_projects(request.user)
    data = cohort_stats(request.user.zone, year, qs=qs)
    if by:
        if by not in GROUPS:
            raise ValidationError({"by": f"分组应为 {'、'.join(GROUPS)} 之一"})
        data["groups"] = breakdown(request.user.zone, year, by, qs=qs)
    return {**data, "definitions": DEFINITIONS}


@router.get("/dashboard", summary="项目看板数据")
def dashboard(request):
    _need(request, "projects.view")
    from gaoxin.problems.stats import overdue_count

    frame = status_frame(scoped_projects(request.user), request.user.zone)
    year = timezone.localdate().year
    return {
        "stats": cohort_stats(request.user.zone, year, frame=frame),
        "by_status": dict(frame.group_by("status").len().iter_rows()),
        "by_stage": dict(frame.group_by("stage").len().iter_rows()),
        "overdue_problems": overdue_count(request.user),
    }


@router.get("/board", summary="挂图作战：按阶段分列、按状态着色")
def board(request, leader: int | None = None, department: int | None = None):
    _need(request, "projects.view")
    qs = scoped_projects(request.user).exclude(stage="终止")
    qs = qs.filter(leader_id=leader) if leader else qs
    qs = qs.filter(department_id=department) if department else qs
    frame = status_frame(qs, request.user.zone).select("id", "code", "name", "stage", "status")
    return {"items": frame.sort("code").to_dicts()}


@router.get("/reports/missing", summary="未按时调度的项目")
def missing(request):
    _need(request, "projects.view")
    late, (start, end) = reporting.missing_reports(scoped_projects(request.user), request.user.zone)
    return {"period_start": start, "period_end": end, "items": list(late.values("id", "code", "name"))}


@router.get("/rankings", summary="红黑榜 / 骏马奖·蜗牛奖（已发布的快照或测算）")
def rankings(request, period: str, kind: str = "monthly", series: str = "department"):
    _need(request, "projects.view")
    zone = request.user.zone
    ranking.check_arguments(kind, period, series)
    snap = ranking.published(zone, kind, period, series)
    if snap:
        return {"published": True, "published_at": snap.time, "results": snap.results, "inputs": snap.inputs}
    return {"published": False, **ranking.compute(zone, kind, period, series)}


class PublishIn(Schema):
    kind: str = "monthly"
    period: str
    series: str = "department"


@router.post("/rankings/publish", summary="发布榜单（发布后不可修改）")
def publish(request, body: PublishIn):
    snap = ranking.publish(request.user.zone, body.kind, body.period, body.series, _actor(request))
    return {"id": snap.pk, "published_at": snap.time, "results": snap.results}


@router.get("/{int:pk}", summary="项目详情（含节点计划与动态）")
def detail(request, pk: int):
    _need(request, "projects.view")
    project = get_object_or_404(list_projects(request.user), pk=pk)
    data = project_out(project, statuses(scoped_projects(request.user).filter(pk=pk), project.zone).get(pk))
    data["nodes"] = [node_out(n) for n in project.nodes.select_related("unit")]
    data["timeline"] = [
        {"time": e.time, "type": e.type_label, "user": e.user_name, "message": e.message}
        for e in timeline(project)[:50]
    ]
    return data


@router.patch("/{int:pk}", summary="修改项目（须带 version，防止覆盖他人修改）")
def patch(request, pk: int, body: ProjectPatch):
    project = get_object_or_404(scoped_projects(request.user), pk=pk)
    changes = body.to_changes(request.user.zone)
    project = actions.update_project(project, changes, _actor(request), expected_version=body.version)
    return project_out(project)


class MilestoneIn(Schema):
    stage: str
    day: dt.date


@router.post("/{int:pk}/milestones", summary="登记阶段（签约 → 供地 → 开工 → 投产 → 达产）")
def milestone(request, pk: int, body: MilestoneIn):
    project = get_object_or_404(scoped_projects(request.user), pk=pk)
    return project_out(actions.record_milestone(project, body.stage, body.day, _actor(request)))


class TerminateIn(Schema):
    day: dt.date
    reason: str


@router.post("/{int:pk}/terminate", summary="终止项目（须说明原因）")
def terminate(request, pk: int, body: TerminateIn):
    project = get_object_or_404(scoped_projects(request.user), pk=pk)
    return project_out(actions.terminate_project(project, body.day, body.reason, _actor(request)))


@router.post("/{int:pk}/plan", summary="按模板重新生成未完成节点")
def plan(request, pk: int):
    project = get_object_or_404(scoped_projects(request.user), pk=pk)
    return [node_out(n) for n in actions.generate_plan(project, _actor(request))]


class NodeIn(Schema):
    planned_on: dt.date | None = None
    actual_on: dt.date | None = None
    note: str | None = None
    version: int | None = Field(None, description="调整计划时必填：读取节点时的 version")


@router.post("/nodes/{int:pk}", summary="调整节点计划或登记完成")
def node(request, pk: int, body: NodeIn):
    node = get_object_or_404(ProjectNode.objects.filter(project__in=scoped_projects(request.user)), pk=pk)
    if body.actual_on:
        node = actions.complete_node(node, body.actual_on, _actor(request))
    else:
        changes = {
            k: v for k, v in {"planned_on": body.planned_on, "note": body.note}.items() if v is not None
        }
        version = require_version(body.version)
        node = actions.adjust_node(node, changes, _actor(request), expected_version=version)
    return node_out(node)


@router.get("/{int:pk}/reports", summary="项目的调度报告")
def reports(request, pk: int, limit: Limit = 50, offset: Offset = 0):
    _need(request, "projects.view")
    project = get_object_or_404(scoped_projects(request.user), pk=pk)
    count, rows = _page(project.reports.select_related("reporter").prefetch_related("photos"), limit, offset)
    return {"count": count, "items": [report_out(r) for r in rows]}


@router.post("/{int:pk}/reports", summary="填报本期调度（可同时反映问题；照片另行上传）")
def report(request, pk: int, body: ReportIn):
    project = get_object_or_404(scoped_projects(request.user), pk=pk)
    data = body.model_dump(exclude={"problems"})
    problems = [p.to_data(request.user.zone) for p in body.problems]
    return report_out(reporting.submit_report(project, data, _actor(request), problems=problems))


@router.post("/reports/{int:pk}/photos", summary="上传调度照片（JPG/PNG）")
def photos(request, pk: int, files: File[list[UploadedFile]]):
    report = get_object_or_404(scoped_reports(request.user), pk=pk)
    reporting.add_photos(report, files, _actor(request))
    return report_out(DispatchReport.objects.get(pk=pk))
