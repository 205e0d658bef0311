"""Who is told what about a problem (消息中心): the lead department when it is assigned or 督办, the
project's leader when it is escalated, the raiser when it waits for their 确认销号. Called by the actions
inside their transaction, so a message exists exactly when the state change does."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.core.context import Actor
from gaoxin.notifications.actions import notify

from .choices import OPEN_STATES
from .models import Problem


def department_handlers(problem: Problem) -> list:
    """The active people of the lead department (and its sub-units) who may handle problems."""
    from gaoxin.organization.models import User

    lead = problem.lead_department
    people = User.objects.filter(zone=problem.zone, is_active=True, unit__path__startswith=lead.path)
    return [p for p in people.select_related("unit") if p.can("problems.handle")]


def _url(problem: Problem) -> str:
    return reverse("problems:detail", args=[problem.pk])


def _short(problem: Problem) -> str:
    return f"{problem.code} {problem.description[:40]}"


def assigned(problem: Problem, actor: Actor, people: list | None = None, how: str = "") -> None:
    """``people``: the lead department's handlers when the caller already has them (an import)."""
    notify(
        department_handlers(problem) if people is None else people,
        kind="problems.assigned",
        title=f"问题已交办{problem.lead_department}：{_short(problem)}",
        body=f"办理时限 {problem.deadline:%Y-%m-%d}{how}",
        url=_url(problem),
        actor=actor,
    )


DIGEST_OVER = 5  # more problems than this for one department in one import: one message, not one each


def imported(problems: list[Problem], actor: Actor) -> None:
    """Open problems an import assigned (new, or moved to another lead department) reach their lead
    department like raised ones; a department given many at once gets one digest linking to its list.
    Handlers are looked up once per department, not once per problem."""
    from urllib.parse import urlencode

    by_department: dict = {}
    for problem in problems:
        if problem.state in OPEN_STATES:
            by_department.setdefault(problem.lead_department_id, []).append(problem)
    for group in by_department.values():
        people = department_handlers(group[0])
        if len(group) <= DIGEST_OVER:
            for problem in group:
                assigned(problem, actor, people, "（导入）")
            continue
        query = urlencode({"lead_department": group[0].lead_department_id, "state": "pending"})
        notify(people, kind="problems.assigned", title=f"导入交办{group[0].lead_department}问题 {len(group)} 个",
               body="、".join(p.code for p in group[:20]) + ("等" if len(group) > 20 else ""),
               url=f"{reverse('problems:list')}?{query}", actor=actor)  # fmt: skip


def escalated(problem: Problem, days: int, actor: Actor) -> None:
    notify(
        [problem.escalated_to, *department_handlers(problem)],
        kind="problems.escalated",
        title=f"问题超期{days}天已升级：{_short(problem)}",
        body=f"办理时限 {problem.deadline:%Y-%m-%d}，牵头部门 {problem.lead_department}",
        url=_url(problem),
        actor=actor,
    )


def to_confirm(problem: Problem, actor: Actor) -> None:
    notify(
        [problem.raised_by],
        kind="problems.to_confirm",
        title=f"问题已办结，请确认销号：{_short(problem)}",
        body=problem.resolution[:200],
        url=_url(problem),
        actor=actor,
    )


def supervised(problem: Problem, requirement: str, plan_due_on, actor: Actor) -> None:
    notify(
        department_handlers(problem),
        kind="problems.supervised",
        title=f"督办：{_short(problem)}",
        body=f"{requirement}（{plan_due_on:%Y-%m-%d}前报送整改方案）",
        url=_url(problem),
        actor=actor,
    )
