from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from gaoxin.web.forms import styled

from .choices import UnitKind
from .models import Unit


class UnitForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=100)
    kind = forms.ChoiceField(
        label="单位类型", choices=[c for c in UnitKind.choices if c[0] != UnitKind.COMMITTEE]
    )
    parent = forms.ModelChoiceField(label="上级单位", queryset=Unit.objects.none(), empty_label=None)
    code = forms.CharField(label="单位编码", max_length=30, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, zone=None, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(zone=zone, closed_on__isnull=True, level__lt=4).order_by("path")
        if unit is not None:
            parents = parents.exclude(path__startswith=unit.path)
            if unit.parent_id is None:  # the root: its name and code only
                for name in ("kind", "parent"):
                    del self.fields[name]
        if "parent" in self.fields:
            self.fields["parent"].queryset = parents
            self.fields["parent"].label_from_instance = lambda u: f"{'　' * (u.level - 1)}{u.name}"
        styled(self)


class CloseUnitForm(forms.Form):
    closed_on = forms.DateField(
        label="撤销日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        if value > timezone.localdate() + dt.timedelta(days=366):
            raise forms.ValidationError("撤销日期不能晚于一年以后")
        return value
