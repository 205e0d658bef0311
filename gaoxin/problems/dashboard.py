"""The overdue-problems card on the home dashboard."""

from django.urls import reverse

from gaoxin.web.dashboard import register_card

from .stats import overdue_count


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
