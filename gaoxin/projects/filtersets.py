"""The FilterSets of the project lists (projects, dispatch reports): the page, the API list and the xlsx
export use the same one."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from gaoxin.organization.models import Unit, User
from gaoxin.web.filters import YearFilter, yes_no_filter

from .choices import ProjectLevel, ProjectType, Stage, Status
from .frames import statuses
from .models import DispatchReport


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="项目名称/编号", method="search")
    type = django_filters.ChoiceFilter(label="项目类型", choices=ProjectType.choices)
    level = django_filters.ChoiceFilter(label="重点级别", choices=ProjectLevel.choices)
    stage = django_filters.ChoiceFilter(label="所处阶段", choices=Stage.choices)
    status = django_filters.ChoiceFilter(label="推进状态", choices=Status.choices, method="by_status")
    department = django_filters.ModelChoiceFilter(label="责任部门", queryset=Unit.objects.none())
    leader = django_filters.ModelChoiceFilter(label="包抓领导", queryset=User.objects.none())
    year = YearFilter(label="签约年度", field_name="signed_on__year")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        zone_id = getattr(getattr(request, "user", None), "zone_id", None)
        self.filters["department"].queryset = Unit.objects.filter(zone_id=zone_id, level=2)
        self.filters["leader"].queryset = User.objects.filter(zone_id=zone_id, role="leader")

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def by_status(self, qs, name, value):
        zone = getattr(getattr(self.request, "user", None), "zone", None)
        found = statuses(qs, zone)
        return qs.filter(pk__in=[pk for pk, status in found.items() if status == value])


class ReportFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="项目名称", field_name="project__name", lookup_expr="icontains")
    since = django_filters.DateFilter(
        label="调度期起（不早于）", field_name="period_start", lookup_expr="gte"
    )
    on_time = yes_no_filter("按时填报")

    class Meta:
        model = DispatchReport
        fields = ["q", "since", "on_time"]
