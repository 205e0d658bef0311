"""The overdue-problems card and the problems on the viewer's to-do list (home dashboard)."""

import datetime as dt

from django.urls import reverse
from django.utils.text import Truncator

from gaoxin.organization.scopes import assigned
from gaoxin.web.dashboard import TODO_LIMIT, Todo, register_card, register_todo

from .choices import OPEN_STATES
from .scopes import scoped_problems
from .stats import overdue_count

DUE_SOON = dt.timedelta(days=3)


@register_card
def overdue_card(request):
    if not request.user.can("problems.view"):
        return None
    return {
        "title": "超期未解决问题",
        "value": overdue_count(request.user),
        "hint": "一般问题解决不过周、重大问题解决不过月",
        "url": reverse("problems:list") + "?overdue=true",
    }


@register_todo
def problem_todos(request, today):
    """Open problems the viewer answers for — led by their unit, of their projects, or escalated to
    them — overdue or due within ``DUE_SOON`` days (一般问题不过周、重大问题不过月)."""
    user = request.user
    if not user.can("problems.view"):
        return [], None
    rows = (
        scoped_problems(user)
        .filter(
            assigned(user, "lead_department", "escalated_to", "project__liaison"),
            state__in=OPEN_STATES,
            deadline__lte=today + DUE_SOON,
        )
        .order_by("deadline", "pk")
        .values_list("pk", "code", "description", "deadline")[:TODO_LIMIT]
    )
    items = [
        Todo(
            "问题台账",
            f"{code} {Truncator(text).chars(30)}",
            due,
            reverse("problems:detail", args=[pk]),
            today,
        )
        for pk, code, text, due in rows
    ]
    return items, reverse("problems:list") + "?overdue=true"
