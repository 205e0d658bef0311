"""The home dashboard: cards (key projects by status, this year's 开工率) and the node plans due on
the viewer's to-do list."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gaoxin.organization.scopes import assigned
from gaoxin.web.dashboard import TODO_LIMIT, Todo, register_card, register_todo

from .frames import status_frame
from .scopes import scoped_projects
from .stats import cohort_stats


@register_card
def projects_card(request):
    user = request.user
    if not user.can("projects.view"):
        return None
    frame = status_frame(scoped_projects(user).exclude(stage="终止"), user.zone)
    lagging = frame.filter(frame["status"] != "正常").height
    return {
        "title": "在库重点项目",
        "value": frame.height,
        "hint": f"其中滞后（含严重滞后）{lagging} 个",
        "url": reverse("projects:board"),
    }


@register_card
def start_rate_card(request):
    user = request.user
    if not user.can("projects.view"):
        return None
    year = timezone.localdate().year
    stats = cohort_stats(user.zone, year, frame=status_frame(scoped_projects(user), user.zone))
    rate = "—" if stats["start_rate"] is None else f"{stats['start_rate'] * 100:.1f}%"
    return {
        "title": f"{year}年签约项目开工率",
        "value": rate,
        "hint": f"签约 {stats['signed']} 个，已开工 {stats['started']} 个",
        "url": reverse("projects:dashboard"),
    }


@register_todo
def node_todos(request, today):
    """Projects the viewer is assigned to (包抓领导, 联络人, 责任部门) whose next unfinished node is due
    within a week or overdue."""
    user = request.user
    if not user.can("projects.view"):
        return [], None
    rows = (
        scoped_projects(user)
        .filter(
            assigned(user, "department", "liaison", "leader"),
            terminated_on__isnull=True,
            next_due_on__lte=today + dt.timedelta(days=7),
        )
        .order_by("next_due_on", "pk")
        .values_list("pk", "name", "next_due_on")[:TODO_LIMIT]
    )
    items = [
        Todo("节点计划", f"{name}：下一节点计划完成", due, reverse("projects:detail", args=[pk]), today)
        for pk, name, due in rows
    ]
    return items, reverse("projects:board")
