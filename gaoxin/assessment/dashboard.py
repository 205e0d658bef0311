"""Dashboard card: the latest assessment's HTE and TSME counts, scoped to the viewer."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.registry.scopes import enterprises_for
from gaoxin.web.dashboard import register_card

from .models import AssessmentRun, Verdict


@register_card
def qualified_card(request):
    user = request.user
    if not user.can("assessment.view") or user.role == "enterprise":
        return None
    run = AssessmentRun.objects.filter(status="done").first()
    if run is None:
        return None
    qs = Verdict.objects.filter(year=run.year, rule="hte", enterprise__in=enterprises_for(user))
    passing = qs.filter(verdict="符合").count()
    return {
        "title": f"{run.year} 年度高企评估符合",
        "value": f"{passing} 家",
        "hint": f"评估于 {run.started_at:%Y-%m-%d %H:%M}",
        "url": reverse("assessment:verdicts") + f"?year={run.year}&rule=hte&verdict=符合",
    }
