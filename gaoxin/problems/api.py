"""/api/v1/problems/: the same scoped queryset, FilterSet and actions as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from gaoxin.core.actions import timeline
from gaoxin.core.apiutil import Limit, Offset, declares_filters, filtered
from gaoxin.core.apiutil import api_actor as _actor
from gaoxin.organization.models import Unit

from . import actions
from .filtersets import ProblemFilterSet
from .operations import LABELS, operation
from .scopes import list_problems, scoped_problems
from .stats import by_department, totals
from .views import month_range

router = Router(tags=["问题台账"])


def problem_out(p) -> dict:
    return {
        "id": p.pk,
        "code": p.code,
        "description": p.description,
        "project_id": p.project_id,
        "project": p.project.name if p.project_id else None,
        "enterprise_id": p.enterprise_id,
        "category": p.category,
        "severity": p.severity,
        "source": p.get_source_display(),
        "state": p.state,
        "state_label": p.get_state_display(),
        "lead_department": p.lead_department.name,
        "raised_by": p.raised_by.display_name if p.raised_by_id else None,
        "raised_on": p.raised_on,
        "deadline": p.deadline,
        "resolved_on": p.resolved_on,
        "closed_on": p.closed_on,
        "rating": p.rating,
        "escalated_on": p.escalated_on,
        "version": p.version,
    }


@router.get("/", summary="问题列表（筛选条件同问题台账页面）")
@declares_filters(ProblemFilterSet)
def list_(request, limit: Limit = 50, offset: Offset = 0):
    if not request.user.can("problems.view"):
        raise PermissionDenied("您没有查看问题台账的权限")
    qs = filtered(ProblemFilterSet, request, list_problems(request.user))
    limit = max(1, min(limit, 500))
    return {"count": qs.count(), "items": [problem_out(p) for p in qs[offset : offset + limit]]}


@router.get("/stats", summary="提出、解决、超期、平均解决天数、满意度（按月、按牵头部门）")
def stats(request, month: str | None = None):
    if not request.user.can("problems.view"):
        raise PermissionDenied("您没有查看问题台账的权限")
    start, end, label = month_range(month)
    qs = scoped_problems(request.user)
    return {"month": label, "totals": totals(qs, start, end), "departments": by_department(qs, start, end)}


class RaiseIn(Schema):
    description: str
    category: str = "其他"
    severity: str = "一般"
    project_id: int | None = None
    lead_department_id: int | None = None
    co_department_ids: list[int] = []


@router.post("/", summary="反映问题（办理时限按紧急程度自动计算）")
def create(request, body: RaiseIn):
    from gaoxin.projects.scopes import scoped_projects

    zone = request.user.zone
    units = {u.pk: u for u in Unit.objects.filter(zone=zone)}
    data = {"description": body.description, "category": body.category, "severity": body.severity}
    if body.project_id:
        data["project"] = get_object_or_404(scoped_projects(request.user), pk=body.project_id)
    if body.lead_department_id:
        if body.lead_department_id not in units:
            raise ValidationError({"lead_department_id": "本园区没有该单位"})
        data["lead_department"] = units[body.lead_department_id]
    data["co_departments"] = [units[i] for i in body.co_department_ids if i in units]
    return problem_out(actions.raise_problem(data, _actor(request)))


@router.get("/{int:pk}", summary="问题详情（含完整办理过程）")
def detail(request, pk: int):
    problem = get_object_or_404(list_problems(request.user), pk=pk)
    data = problem_out(problem)
    data["timeline"] = [
        {"time": e.time, "type": e.type, "label": e.type_label, "user": e.user_name, "message": e.message}
        for e in timeline(problem)
    ]
    return data


class ActIn(Schema):
    text: str = ""
    rating: int | None = None
    day: dt.date | None = None
    target: int | None = None
    approve: bool = False


@router.post("/{int:pk}/{op}", summary=f"办理：{'、'.join(LABELS)}")
def act(request, pk: int, op: str, body: ActIn):
    problem = get_object_or_404(scoped_problems(request.user), pk=pk)
    call = operation(op, problem, body.model_dump(), _actor(request))
    if call is None:
        raise ValidationError({"op": f"未知操作：{op}"})
    call()
    return problem_out(list_problems(request.user).get(pk=pk))
