"""Dashboard cards of the registry, each scoped to the viewer."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gaoxin.web.dashboard import TODO_LIMIT, Todo, register_card, register_todo

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
    valid = filter_status(qualifications_for(request.user), "valid", timezone.localdate())
    count = valid.filter(kind=QualificationKind.HTE).values("enterprise_id").distinct().count()
    url = reverse("registry:enterprise_list") + f"?qualification={QualificationKind.HTE}"
    return {"title": "高新技术企业", "value": f"{count:,}", "hint": "有效期内", "url": url}


@register_card
def expiring_count(request):
    if not _allowed(request):
        return None
    count = filter_status(qualifications_for(request.user), "expiring", timezone.localdate()).count()
    return {
        "title": "即将到期资质",
        "value": f"{count:,}",
        "hint": f"{EXPIRING_DAYS} 天内到期",
        "url": reverse("registry:expiring"),
    }


@register_todo
def expiring_todos(request, today):
    """A 包联干部's own enterprises whose qualifications expire within ``EXPIRING_DAYS`` (re-application
    takes months); the others see the count card."""
    if not _allowed(request):
        return [], None
    rows = (
        filter_status(qualifications_for(request.user), "expiring", today)
        .filter(enterprise__liaison=request.user)
        .order_by("expires_on", "pk")
        .values_list("enterprise_id", "enterprise__name", "kind", "expires_on")[:TODO_LIMIT]
    )
    kinds = dict(QualificationKind.choices)
    items = [
        Todo("资质到期", f"{name}：{kinds.get(kind, kind)}资质到期", due,
             reverse("registry:enterprise_detail", args=[pk]), today)
        for pk, name, kind, due in rows
    ]  # fmt: skip
    return items, reverse("registry:expiring")
