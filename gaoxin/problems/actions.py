"""The problem lifecycle: 待受理 → 办理中 → 已办结 → 已销号, with 退回, 延期, 督办 and escalation.

One function per transition; each checks who may do it and from which state, and writes the state, its
change row and its timeline event together. Illegal transitions are refused with a Chinese message.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from gaoxin.core.actions import create_object, emit_event, require, update_object
from gaoxin.core.context import Actor

from . import notices
from .choices import OPEN_STATES, CloseMode, ExtensionState, Source, State
from .deadlines import compute_deadline
from .models import CodeCounter, Extension, Problem, Supervision

#: action → (states it may start from, state it leads to, the verb shown when refused)
TRANSITIONS = {
    "accept": ({State.PENDING}, State.IN_PROGRESS, "受理"),
    "return": ({State.PENDING, State.IN_PROGRESS}, State.RETURNED, "退回"),
    "resubmit": ({State.RETURNED}, State.PENDING, "重新提交"),
    "resolve": ({State.IN_PROGRESS}, State.RESOLVED, "办结"),
    "reopen": ({State.RESOLVED}, State.IN_PROGRESS, "退回重办"),
    "confirm": ({State.RESOLVED}, State.CLOSED, "确认销号"),
    "override": ({State.RESOLVED}, State.CLOSED, "决定销号"),
}
SOURCE_BY_ROLE = {"enterprise": Source.ENTERPRISE, "liaison": Source.LIAISON}


def _today(today):
    return today or timezone.localdate()


def _check_state(problem: Problem, action: str) -> State:
    allowed, target, verb = TRANSITIONS[action]
    if problem.state not in allowed:
        current = State(problem.state).label
        raise ValidationError({"state": f"问题{problem.code}当前为“{current}”，不能{verb}"})
    return target


def _open(problem: Problem, verb: str) -> None:
    if problem.state not in OPEN_STATES:
        raise ValidationError(
            {"state": f"问题{problem.code}当前为“{State(problem.state).label}”，不能{verb}"}
        )


def may_handle(user, problem: Problem) -> bool:
    """The lead department's staff handle a problem; a leader (problems.override) may handle any."""
    if user is None:
        return True
    if not user.can("problems.handle"):
        return False
    if user.can("problems.override"):
        return True
    lead = problem.lead_department
    return bool(user.unit and user.unit.path.startswith(lead.path))


def _require_handler(actor: Actor, problem: Problem) -> None:
    if not may_handle(actor.user, problem):
        raise PermissionDenied(f"只有牵头部门（{problem.lead_department}）可以办理该问题")


def _require_raiser(actor: Actor, problem: Problem) -> None:
    user = actor.user
    if user is not None and problem.raised_by_id != user.pk:
        raise PermissionDenied("只有问题提出人可以进行此操作")


def _reason(text: str | None, field: str, what: str) -> str:
    if not (text or "").strip():
        raise ValidationError({field: f"请填写{what}"})
    return text.strip()


def _locked(problem: Problem) -> Problem:
    """The problem as stored, its row locked until the transaction ends: parallel transitions queue
    here and each checks the state the previous one left."""
    return Problem.objects.select_for_update().get(pk=problem.pk)


def _move(problem: Problem, action: str, changes: dict, actor: Actor, message: str, payload=None):
    current = _locked(problem)
    target = _check_state(current, action)
    current = update_object(current, {"state": target, **changes}, actor)
    emit_event(current, f"problems.{action}", message, actor, payload)
    for field in ("state", "version", *changes):
        setattr(problem, field, getattr(current, field))  # the caller's object follows
    return current


def _number(code: str, prefix: str) -> int:
    tail = code[len(prefix) :]
    return int(tail) if tail.isdigit() else 0


@transaction.atomic
def next_code(zone, year: int) -> str:
    """The next free code of the zone's year, drawn from a locked counter (never ``count() + 1``)."""
    prefix = f"WT{year}-"
    counter, created = CodeCounter.objects.get_or_create(zone=zone, year=year)
    if created:  # first code of the year through the counter: continue after codes already stored
        codes = Problem.objects.filter(zone=zone, code__startswith=prefix).values_list("code", flat=True)
        start = max((_number(c, prefix) for c in codes), default=0)
        CodeCounter.objects.filter(pk=counter.pk).update(last_number=Greatest(F("last_number"), start))
    while True:
        CodeCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
        number = CodeCounter.objects.values_list("last_number", flat=True).get(pk=counter.pk)
        code = f"{prefix}{number:05d}"
        if not Problem.objects.filter(zone=zone, code=code).exists():  # an imported code may hold it
            return code


@transaction.atomic
def raise_problem(data: dict, actor: Actor, source: str | None = None, today=None) -> Problem:
    """data: description, category, severity, lead_department (default: the project's department),
    co_departments, project, report, enterprise, raised_on (default today), code (default generated)."""
    require(actor, "problems.raise")
    data = dict(data)
    co = data.pop("co_departments", None) or []
    project = data.get("project")
    if project is not None and actor.user is not None and actor.user.can("projects.view"):
        from gaoxin.projects.scopes import scoped_projects

        if not scoped_projects(actor.user).filter(pk=project.pk).exists():
            raise PermissionDenied("该项目不在您的负责范围内")
    if not data.get("lead_department"):
        if project is None or project.department_id is None:
            raise ValidationError({"lead_department": "请指定牵头部门"})
        data["lead_department"] = project.department
    zone = data.pop("zone", None) or (project.zone if project else actor.user.zone)
    raised_on = data.pop("raised_on", None) or _today(today)
    role = getattr(actor.user, "role", "")
    if role == "enterprise" and not data.get("enterprise"):
        account = getattr(actor.user, "enterprise_account", None)
        data["enterprise"] = account.enterprise if account else None
    problem = Problem(
        zone=zone,
        code=data.pop("code", None) or next_code(zone, raised_on.year),
        source=source or SOURCE_BY_ROLE.get(role, Source.DEPARTMENT),
        raised_by=actor.user,
        raised_on=raised_on,
        deadline=compute_deadline(raised_on, data.get("severity") or "一般", zone),
        **data,
    )
    create_object(problem, actor, event=("problems.raised", f"提出问题：{problem.description[:80]}"))
    if co:
        problem.co_departments.set(co)
    notices.assigned(problem, actor)
    return problem


@transaction.atomic
def accept(problem: Problem, actor: Actor, today=None) -> Problem:
    _require_handler(actor, problem)
    return _move(problem, "accept", {"accepted_on": _today(today)}, actor, f"{problem.lead_department}受理")


@transaction.atomic
def return_problem(problem: Problem, reason: str, actor: Actor) -> Problem:
    _require_handler(actor, problem)
    reason = _reason(reason, "return_reason", "退回理由")
    return _move(problem, "return", {"return_reason": reason}, actor, f"退回：{reason}")


@transaction.atomic
def resubmit(problem: Problem, actor: Actor, description: str | None = None) -> Problem:
    _require_raiser(actor, problem)
    changes = {"return_reason": ""}
    if description:
        changes["description"] = description.strip()
    return _move(problem, "resubmit", changes, actor, "提出人补充后重新提交")


@transaction.atomic
def resolve(problem: Problem, resolution: str, actor: Actor, today=None) -> Problem:
    _require_handler(actor, problem)
    text = _reason(resolution, "resolution", "办理结果")
    changes = {"resolution": text, "resolved_on": _today(today)}
    problem = _move(problem, "resolve", changes, actor, f"办结：{text[:80]}")
    notices.to_confirm(problem, actor)
    return problem


@transaction.atomic
def reopen(problem: Problem, reason: str, actor: Actor) -> Problem:
    """The raiser is not satisfied with the result: back to the department."""
    _require_raiser(actor, problem)
    reason = _reason(reason, "reason", "不满意的原因")
    return _move(problem, "reopen", {"resolved_on": None}, actor, f"提出人不认可办理结果：{reason}")


@transaction.atomic
def confirm(problem: Problem, rating: int, actor: Actor, comment: str = "", today=None) -> Problem:
    """The raiser confirms the result and rates it (1–5): the problem is closed (销号)."""
    _require_raiser(actor, problem)
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": "请给出 1～5 分的满意度评价"})
    changes = {
        "closed_on": _today(today),
        "close_mode": CloseMode.CONFIRMED,
        "rating": rating,
        "rating_comment": (comment or "").strip(),
    }
    return _move(problem, "confirm", changes, actor, f"提出人确认销号，评价 {rating} 分", {"rating": rating})


@transaction.atomic
def override_close(problem: Problem, reason: str, actor: Actor, today=None) -> Problem:
    """A leader closes a resolved problem without the raiser's confirmation, with a reason."""
    require(actor, "problems.override", "只有领导可以决定销号")
    reason = _reason(reason, "close_reason", "销号理由")
    changes = {"closed_on": _today(today), "close_mode": CloseMode.OVERRIDE, "close_reason": reason}
    return _move(problem, "override", changes, actor, f"领导决定销号：{reason}")


@transaction.atomic
def request_extension(problem: Problem, new_deadline: dt.date, reason: str, actor: Actor) -> Extension:
    _require_handler(actor, problem)
    problem = _locked(problem)
    _open(problem, "申请延期")
    reason = _reason(reason, "reason", "延期理由")
    if new_deadline <= problem.deadline:
        raise ValidationError({"new_deadline": f"申请延至日期须晚于现办理时限（{problem.deadline}）"})
    if problem.extensions.filter(state=ExtensionState.PENDING).exists():
        raise ValidationError({"new_deadline": "已有待审批的延期申请"})
    ext = Extension(problem=problem, reason=reason, new_deadline=new_deadline, requested_by=actor.user)
    create_object(ext, actor)
    emit_event(problem, "problems.extension_requested", f"申请延期至{new_deadline}：{reason}", actor)
    return ext


@transaction.atomic
def decide_extension(ext: Extension, approve: bool, actor: Actor, today=None) -> Extension:
    require(actor, "problems.approve_extension", "延期须由领导审批")
    ext = Extension.objects.select_for_update().get(pk=ext.pk)
    if ext.state != ExtensionState.PENDING:
        raise ValidationError({"state": "该延期申请已审批"})
    problem = _locked(ext.problem)
    if approve:
        _open(problem, "延期")
    state = ExtensionState.APPROVED if approve else ExtensionState.REJECTED
    changes = {"state": state, "decided_by": actor.user, "decided_on": _today(today)}
    ext = update_object(ext, changes, actor)
    if approve:
        update_object(problem, {"deadline": ext.new_deadline}, actor)
    label = f"同意延期至{ext.new_deadline}" if approve else "不同意延期"
    emit_event(problem, "problems.extension_decided", label, actor)
    return ext


@transaction.atomic
def supervise(problem: Problem, requirement: str, plan_due_on: dt.date, actor: Actor, today=None):
    """督办: order the lead department to submit a rectification plan by ``plan_due_on``."""
    require(actor, "problems.override", "只有领导可以督办")
    problem = _locked(problem)
    _open(problem, "督办")
    text = _reason(requirement, "requirement", "督办要求")
    if plan_due_on < _today(today):
        raise ValidationError({"plan_due_on": "整改方案报送时限不能早于今天"})
    order = Supervision(
        problem=problem,
        requirement=text,
        plan_due_on=plan_due_on,
        issued_by=actor.user,
        issued_on=_today(today),
    )
    create_object(order, actor)
    emit_event(problem, "problems.supervised", f"督办：{text}（{plan_due_on}前报送整改方案）", actor)
    notices.supervised(problem, text, plan_due_on, actor)
    return order


@transaction.atomic
def submit_plan(order: Supervision, plan: str, actor: Actor, today=None) -> Supervision:
    _require_handler(actor, order.problem)
    if order.plan_submitted_on:
        raise ValidationError({"plan": "整改方案已报送"})
    text = _reason(plan, "plan", "整改方案")
    order = update_object(order, {"plan": text, "plan_submitted_on": _today(today)}, actor)
    emit_event(order.problem, "problems.plan_submitted", f"报送整改方案：{text[:80]}", actor)
    return order


def overdue(qs, today: dt.date):
    return qs.filter(state__in=OPEN_STATES, deadline__lt=today)


@transaction.atomic
def escalate_overdue(zone, actor: Actor, today=None) -> int:
    """Escalate every open problem past its deadline to its project's leader (包抓领导), once."""
    today = _today(today)
    due = overdue(Problem.objects.filter(zone=zone), today).filter(escalated_on=None)
    count = 0
    for problem in due.exclude(project__leader=None).select_related("project__leader"):
        leader = problem.project.leader
        update_object(problem, {"escalated_to": leader, "escalated_on": today}, actor)
        days = (today - problem.deadline).days
        emit_event(problem, "problems.escalated", f"超期{days}天，升级至包抓领导{leader}", actor)
        notices.escalated(problem, days, actor)
        count += 1
    return count


def raise_report_problems(report, problems: list[dict], actor: Actor, today: dt.date) -> None:
    """The problems filed with a dispatch report (调度反映的问题), each raised as source 调度."""
    for spec in problems:
        raise_problem(
            {**spec, "project": report.project, "report": report}, actor, source=Source.DISPATCH, today=today
        )
