"""The FilterSet of the people list (人员管理): the page and the export use it."""

from __future__ import annotations

import django_filters

from .choices import Role
from .models import Unit, User


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名/账号", method="search")
    role = django_filters.ChoiceFilter(label="角色", choices=Role.choices)
    unit = django_filters.ModelChoiceFilter(label="单位", queryset=Unit.objects.all())

    class Meta:
        model = User
        fields = ["q", "role", "unit"]

    def search(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(Q(full_name__icontains=value) | Q(username__icontains=value))
