"""Cards on the home dashboard: key projects by status and this year's 开工率."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gaoxin.web.dashboard import register_card

from .frames import status_frame
from .queries import scoped_projects
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
