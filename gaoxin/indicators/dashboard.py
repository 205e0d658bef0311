"""Monitoring alerts on the leader's to-do list (home dashboard): indicators of the latest month that
fall below their alert line or behind 序时进度 by more than the zone's setting."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.organization.choices import Role
from gaoxin.web.dashboard import TODO_LIMIT, Todo, register_todo

from .alerts import latest_month, zone_alerts
from .report import Scope


@register_todo
def monitoring_todos(request, today):
    user = request.user
    if user.role != Role.LEADER or not user.can("indicators.view") or not user.zone_id:
        return [], None
    scope = Scope.for_user(user)
    month = latest_month(scope)
    if month is None:
        return [], None
    items = [
        Todo(
            "经济运行", text, today, reverse("indicators:detail", args=[pk]) + f"?period={month.code}", today
        )
        for pk, text in zone_alerts(scope, month)[:TODO_LIMIT]
    ]
    return items, reverse("indicators:dashboard") + f"?period={month.code}"
