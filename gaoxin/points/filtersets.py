from __future__ import annotations

import django_filters
from django.db.models import Q

from gaoxin.web.filters import YearFilter, yes_no_filter


class ScoreFilterSet(django_filters.FilterSet):
    year = YearFilter(label="积分年度")
    q = django_filters.CharFilter(label="企业名称/信用代码", method="search")
    min_percentile = django_filters.NumberFilter(
        label="百分位不低于", field_name="percentile", lookup_expr="gte"
    )
    complete = yes_no_filter("数据完整")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(Q(enterprise__name__icontains=value) | Q(enterprise__uscc__icontains=value))
