"""The one FilterSet of the verdict list: the page, the API list and the xlsx export use it."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from gaoxin.organization.models import Unit
from gaoxin.web.filters import YearFilter

from .choices import RULE_CHOICES, Outcome


class VerdictFilterSet(django_filters.FilterSet):
    year = YearFilter(label="评估年度")
    rule = django_filters.ChoiceFilter(label="资质", choices=RULE_CHOICES)
    verdict = django_filters.ChoiceFilter(label="结论", choices=Outcome.choices)
    q = django_filters.CharFilter(label="企业名称/信用代码", method="search")
    unit = django_filters.ModelChoiceFilter(label="所属单位", queryset=Unit.objects.none(), method="by_unit")
    near = django_filters.NumberFilter(label="相对差距不超过（%）", method="by_distance")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        zone_id = getattr(getattr(request, "user", None), "zone_id", None)
        self.filters["unit"].queryset = Unit.objects.filter(zone_id=zone_id, level=2)

    def search(self, qs, name, value):
        return qs.filter(Q(enterprise__name__icontains=value) | Q(enterprise__uscc__icontains=value))

    def by_unit(self, qs, name, value):
        return qs.filter(enterprise__unit__path__startswith=value.path)

    def by_distance(self, qs, name, value):
        return qs.filter(distance__lte=float(value) / 100)
