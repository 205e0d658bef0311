"""Filter widgets shared by the list pages."""

from __future__ import annotations

import django_filters
from django import forms


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads 全部: Django's NullBooleanSelect offers 未知/是/否, so an
    unfiltered list looked filtered on "unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "全部"), ("true", "是"), ("false", "否")]


def yes_no_filter(label: str, **kwargs) -> django_filters.BooleanFilter:
    return django_filters.BooleanFilter(label=label, widget=AllYesNoSelect, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year filter: a whole number from 1900 to 2100. A NumberFilter takes any decimal, and a value such
    as ``-1.3e-303`` reached the ``__year`` lookup and answered 500 on PostgreSQL; now it is a 422 (API) or
    a form error (page) naming the filter."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)
