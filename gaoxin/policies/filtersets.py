"""One FilterSet per list: the page, the API and the xlsx export read the same one."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from gaoxin.web.filters import YearFilter

from .choices import ClaimStatus, Level, Mode, Outcome, PolicyStatus


class PolicyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称/编号/文号", method="search")
    level = django_filters.ChoiceFilter(label="层级", choices=Level.choices)
    department = django_filters.CharFilter(
        label="牵头部门", field_name="department__name", lookup_expr="icontains"
    )
    mode = django_filters.ChoiceFilter(label="兑现方式", choices=Mode.choices, method="by_mode")
    effective = django_filters.NumberFilter(
        label="有效年度", method="by_year", min_value=1900, max_value=2100
    )
    status = django_filters.ChoiceFilter(label="状态", choices=PolicyStatus.choices)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(doc_no__icontains=value))

    def by_mode(self, qs, name, value):
        return qs.filter(clauses__mode=value).distinct()

    def by_year(self, qs, name, value):
        y = int(value)
        return qs.filter(
            Q(effective_from__isnull=True) | Q(effective_from__year__lte=y),
            Q(effective_to__isnull=True) | Q(effective_to__year__gte=y),
        )


class MatchFilterSet(django_filters.FilterSet):
    year = YearFilter(label="享受年度")
    q = django_filters.CharFilter(label="企业名称/信用代码", method="search")
    policy = django_filters.CharFilter(label="政策编号", field_name="clause__policy__code")
    clause = django_filters.NumberFilter(label="条款", field_name="clause_id")
    verdict = django_filters.ChoiceFilter(label="结论", choices=Outcome.choices)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(Q(enterprise__name__icontains=value) | Q(enterprise__uscc__icontains=value))


class ClaimFilterSet(django_filters.FilterSet):
    year = YearFilter(label="享受年度")
    q = django_filters.CharFilter(label="企业名称/信用代码", method="search")
    status = django_filters.ChoiceFilter(label="状态", choices=ClaimStatus.choices)
    policy = django_filters.CharFilter(label="政策编号", field_name="clause__policy__code")
    fund = django_filters.CharFilter(label="资金池编号", field_name="fund__code")
    street = django_filters.CharFilter(
        label="所属单位", field_name="enterprise__unit__name", lookup_expr="icontains"
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(Q(enterprise__name__icontains=value) | Q(enterprise__uscc__icontains=value))
