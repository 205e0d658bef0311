"""Transitions by name, for the page buttons and the API: ``operation(op, problem, fields, actor)``."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone

from gaoxin.core.context import Actor

from . import actions
from .models import Extension, Supervision


def operation(op: str, problem, d: dict, actor: Actor):
    """The action call for a transition named ``op`` with its posted fields (``None`` if unknown)."""
    text, day = d.get("text") or "", d.get("day")
    calls = {
        "accept": lambda: actions.accept(problem, actor),
        "return": lambda: actions.return_problem(problem, text, actor),
        "resubmit": lambda: actions.resubmit(problem, actor, text or None),
        "resolve": lambda: actions.resolve(problem, text, actor),
        "reopen": lambda: actions.reopen(problem, text, actor),
        "confirm": lambda: actions.confirm(problem, d.get("rating") or 0, actor, text),
        "override": lambda: actions.override_close(problem, text, actor),
        "extend": lambda: actions.request_extension(problem, day or problem.deadline, text, actor),
        "supervise": lambda: actions.supervise(problem, text, day or timezone.localdate(), actor),
    }
    if op == "decide":
        ext = get_object_or_404(Extension, problem=problem, pk=d.get("target"))
        return lambda: actions.decide_extension(ext, bool(d.get("approve")), actor)
    if op == "plan":
        order = get_object_or_404(Supervision, problem=problem, pk=d.get("target"))
        return lambda: actions.submit_plan(order, text, actor)
    return calls.get(op)


LABELS = {
    "accept": "已受理",
    "return": "已退回",
    "resubmit": "已重新提交",
    "resolve": "已办结，等待提出人确认",
    "reopen": "已退回重办",
    "confirm": "已确认销号，感谢评价",
    "override": "已决定销号",
    "extend": "延期申请已提交，等待领导审批",
    "supervise": "督办单已下达",
    "decide": "延期申请已审批",
    "plan": "整改方案已报送",
}
