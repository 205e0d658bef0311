"""Dashboard cards of the registry, each scoped to the viewer."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gaoxin.web.dashboard import register_card

from .choices import EXPIRING_DAYS, QualificationKind
from .filtersets import filter_status
from .scopes import enterprises_for, qualifications_for


def _allowed(request) -> bool:
    return request.user.is_authenticated and request.user.can("registry.view")


@register_card
def enterprise_count(request):
    if not _allowed(request):
        return None
    count = enterprises_for(request.user).count()
    return {
        "title": "在库企业",
        "value": f"{count:,}",
        "hint": "一企一档",
        "url": reverse("registry:enterprise_list"),
    }


@register_card
def hte_count(request):
    if not _allowed(request):
        return None
    valid = filter_status(qualifications_for(request.user), "valid", dt.date.today())
    count = valid.filter(kind=QualificationKind.HTE).values("enterprise_id").distinct().count()
    url = reverse("registry:enterprise_list") + f"?qualification={QualificationKind.HTE}"
    return {"title": "高新技术企业", "value": f"{count:,}", "hint": "有效期内", "url": url}


@register_card
def expiring_count(request):
    if not _allowed(request):
        return None
    count = filter_status(qualifications_for(request.user), "expiring", dt.date.today()).count()
    return {
        "title": "即将到期资质",
        "value": f"{count:,}",
        "hint": f"{EXPIRING_DAYS} 天内到期",
        "url": reverse("registry:expiring"),
    }
