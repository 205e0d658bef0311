import django_filters
from django.db.models import Q

from .choices import Frequency, IndicatorKind


class IndicatorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="编码/名称", method="search")
    kind = django_filters.ChoiceFilter(label="指标类型", choices=IndicatorKind.choices)
    frequency = django_filters.ChoiceFilter(label="频率", choices=Frequency.choices)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)

    def search(self, qs, name, value):
        return qs.filter(Q(code__icontains=value) | Q(name__icontains=value))
