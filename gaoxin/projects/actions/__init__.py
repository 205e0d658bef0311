"""Every state change of a project: pages, API, CLI and imports call these and nothing else writes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gaoxin.core.actions import create_object, emit_event, record_change, require, update_object
from gaoxin.core.context import Actor
from gaoxin.core.models.changelog import ChangeAction

from ..choices import DEFAULT_NODE_TEMPLATES, MILESTONES, Stage
from ..frames import next_due, year_investment
from ..models import NodeTemplate, Project, ProjectNode
from ..scopes import scoped_projects

#: Stages that must be reached before a stage can be recorded (供地 is optional: not every project needs land).
REQUIRES = {Stage.LAND: Stage.SIGNED, Stage.STARTED: Stage.SIGNED, Stage.PRODUCING: Stage.STARTED}
REQUIRES[Stage.FULL] = Stage.PRODUCING


def require_in_scope(actor: Actor, project: Project) -> None:
    """A liaison acts only for his own projects, street staff only for their street's."""
    if actor.user is not None and not scoped_projects(actor.user).filter(pk=project.pk).exists():
        raise PermissionDenied("该项目不在您的负责范围内")


@transaction.atomic
def create_project(data: dict, actor: Actor, zone=None, with_plan: bool = True) -> Project:
    require(actor, "projects.edit")
    project = Project(zone=zone or actor.user.zone, **data)
    create_object(project, actor, event=("projects.created", f"新建项目：{project.name}"))
    if with_plan:
        generate_plan(project, actor)
    refresh_schedule(project)
    return project


@transaction.atomic
def update_project(project: Project, changes: dict, actor: Actor, expected_version: int | None = None):
    require(actor, "projects.edit")
    require_in_scope(actor, project)
    project = update_object(project, changes, actor, expected_version=expected_version)
    refresh_schedule(project)
    return project


def template_for(zone, project_type: str) -> list[dict]:
    """The zone's node template for a project type (or the built-in default)."""
    rows = NodeTemplate.objects.filter(zone=zone, project_type=project_type).order_by("order")
    if rows:
        return [{"name": r.name, "days": r.days, "unit": r.unit, "milestone": r.milestone} for r in rows]
    units = {u.name: u for u in zone.units.all()} if zone else {}
    return [
        {"name": n, "days": d, "unit": units.get(u), "milestone": m}
        for n, d, u, m in DEFAULT_NODE_TEMPLATES.get(project_type, [])
    ]


@transaction.atomic
def save_node_template(zone, project_type: str, rows: list[dict], actor: Actor) -> list[NodeTemplate]:
    """Replace the zone's node template for one project type; existing project plans are kept (they are
    regenerated only on request), and every row removed or added is in the change log."""
    from gaoxin.core.actions import record_change
    from gaoxin.core.models.changelog import ChangeAction

    require(actor, "projects.edit")
    if not rows:
        raise ValidationError({"nodes": "节点模板至少需要一个节点"})
    old = list(NodeTemplate.objects.filter(zone=zone, project_type=project_type))
    for row in old:
        record_change(row, ChangeAction.DELETE, row.snapshot(), None, actor)
    NodeTemplate.objects.filter(pk__in=[r.pk for r in old]).delete()
    created = []
    for order, row in enumerate(rows, start=1):
        node = NodeTemplate(
            zone=zone,
            project_type=project_type,
            order=order,
            name=row["name"],
            days=row["days"],
            unit=row.get("unit"),
            milestone=row.get("milestone") or "",
        )
        created.append(create_object(node, actor))
    return created


@transaction.atomic
def generate_plan(project: Project, actor: Actor, start: dt.date | None = None) -> list[ProjectNode]:
    """(Re)generate the node plan from the template: each node is due its time limit after the previous
    one, starting from the signing date. Nodes already completed are kept; the rest are replaced."""
    require(actor, "projects.edit")
    done = {n.name for n in project.nodes.exclude(actual_on=None)}
    project.nodes.filter(actual_on=None).delete()
    day = start or project.signed_on or timezone.localdate()
    nodes, order = [], project.nodes.count()
    for spec in template_for(project.zone, project.type):
        day = day + dt.timedelta(days=spec["days"])
        if spec["name"] in done:
            continue
        order += 1
        nodes.append(ProjectNode(project=project, order=order + 100, planned_on=day, **spec))
    ProjectNode.objects.bulk_create(nodes)
    _renumber(project)
    emit_event(project, "projects.plan_generated", f"按模板生成节点计划（{len(nodes)} 个节点）", actor)
    refresh_schedule(project)
    return list(project.nodes.all())


def _renumber(project: Project) -> None:
    nodes = list(project.nodes.order_by("planned_on", "order"))
    for i, node in enumerate(nodes, start=1):
        node.order = 1000 + i
    ProjectNode.objects.bulk_update(nodes, ["order"])
    for node in nodes:
        node.order -= 1000
    ProjectNode.objects.bulk_update(nodes, ["order"])


@transaction.atomic
def adjust_node(node: ProjectNode, changes: dict, actor: Actor, expected_version: int | None = None):
    require(actor, "projects.edit")
    require_in_scope(actor, node.project)
    allowed = {"planned_on", "days", "unit", "unit_id", "note", "name"}
    if unknown := set(changes) - allowed:
        raise ValidationError({sorted(unknown)[0]: "该字段不能在此调整"})
    node = update_object(node, changes, actor, expected_version, event=("projects.node_adjusted", node.name))
    refresh_schedule(node.project)
    return node


@transaction.atomic
def complete_node(node: ProjectNode, actual_on: dt.date, actor: Actor) -> ProjectNode:
    """Record a node done; a milestone node (开工, 投产 …) also records the project's milestone."""
    require(actor, "projects.report")
    require_in_scope(actor, node.project)
    _not_future(actual_on, "actual_on")
    node = update_object(node, {"actual_on": actual_on}, actor)
    emit_event(node.project, "projects.node_done", f"节点“{node.name}”完成（{actual_on}）", actor)
    if node.milestone and not getattr(node.project, MILESTONES[node.milestone][1]):
        record_milestone(node.project, node.milestone, actual_on, actor)
    refresh_schedule(node.project)
    return node


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "实际日期不能晚于今天"})


@transaction.atomic
def record_milestone(project: Project, stage: str, day: dt.date, actor: Actor) -> Project:
    """签约 → 供地 → 开工 → 投产 → 达产: record the actual date of ``stage``; out-of-order steps are refused."""
    require(actor, "projects.report")
    require_in_scope(actor, project)
    if stage not in MILESTONES:
        raise ValidationError({"stage": f"未知阶段：{stage}"})
    if project.terminated_on:
        raise ValidationError({"stage": "项目已终止，不能再登记进度"})
    needed = REQUIRES.get(stage)
    if needed and not getattr(project, MILESTONES[needed][1]):
        raise ValidationError({"stage": f"项目尚未{needed}，不能登记{stage}"})
    _not_future(day, MILESTONES[stage][1])
    field = MILESTONES[stage][1]
    project = update_object(project, {field: day}, actor, event=("projects.milestone", f"{stage}（{day}）"))
    refresh_schedule(project)
    return project


@transaction.atomic
def terminate_project(project: Project, day: dt.date, reason: str, actor: Actor) -> Project:
    require(actor, "projects.edit")
    require_in_scope(actor, project)
    if project.terminated_on:
        raise ValidationError({"terminated_on": "项目已终止"})
    if not (reason or "").strip():
        raise ValidationError({"termination_reason": "终止项目须填写终止原因"})
    changes = {"terminated_on": day, "termination_reason": reason.strip()}
    return update_object(project, changes, actor, event=("projects.terminated", f"项目终止：{reason}"))


def refresh_schedule(project: Project) -> None:
    """Recompute the denormalised inputs of the status rules (never typed): the earliest undone node
    date and this year's completed investment."""
    qs = Project.all_objects.filter(pk=project.pk)
    today = timezone.localdate()
    values = {
        "next_due_on": next_due(qs).get(project.pk),
        "year_investment": year_investment(qs, today.replace(month=12, day=31)).get(project.pk) or 0,
        "year_investment_year": today.year,
    }
    qs.update(**values)
    for key, value in values.items():
        setattr(project, key, value)


def set_cumulative_investment(project: Project, value, actor: Actor) -> None:
    """The project's 累计完成投资 as its latest dispatch report states it, the schedule inputs recomputed,
    and the change in the project's log (no new version: a report is not an edit of the project form)."""
    before = project.snapshot()
    Project.all_objects.filter(pk=project.pk).update(cumulative_investment=value)
    project.cumulative_investment = value
    refresh_schedule(project)
    after = project.snapshot()
    if after != before:
        record_change(project, ChangeAction.UPDATE, before, after, actor)
