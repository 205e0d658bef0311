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
