import django_filters
from django.db.models import Q
from django.utils import timezone

from gaoxin.organization.models import Unit
from gaoxin.web.filters import yes_no_filter

from .choices import OPEN_STATES, Category, Severity, Source, State


class ProblemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="编号/描述/项目", method="search")
    state = django_filters.ChoiceFilter(label="状态", choices=State.choices)
    severity = django_filters.ChoiceFilter(label="紧急程度", choices=Severity.choices)
    category = django_filters.ChoiceFilter(label="问题类别", choices=Category.choices)
    source = django_filters.ChoiceFilter(label="来源", choices=Source.choices)
    lead_department = django_filters.ModelChoiceFilter(label="牵头部门", queryset=Unit.objects.none())
    overdue = yes_no_filter("仅看超期", method="only_overdue")
    project = django_filters.NumberFilter(label="项目", field_name="project_id")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        zone_id = getattr(getattr(request, "user", None), "zone_id", None)
        self.filters["lead_department"].queryset = Unit.objects.filter(zone_id=zone_id, level=2)

    def search(self, qs, name, value):
        return qs.filter(
            Q(code__icontains=value) | Q(description__icontains=value) | Q(project__name__icontains=value)
        )

    def only_overdue(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(state__in=OPEN_STATES, deadline__lt=timezone.localdate())
