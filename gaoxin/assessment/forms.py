from __future__ import annotations

from django import forms

from gaoxin.engine.catalog import catalog
from gaoxin.engine.ruleset import all_rules

from .choices import RULE_CHOICES, Stage, Track
from .explain import HTE_EXPERT_FIELDS, whatif_fields


class Styled(forms.Form):
    """Tabler classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self):
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


OFFSETS = [("-1", "上一会计年度"), ("-2", "前两年度"), ("-3", "前三年度"), ("0", "评估当年")]


class WhatIfForm(Styled):
    field = forms.ChoiceField(label="调整项目", choices=whatif_fields)
    offset = forms.ChoiceField(label="年度", choices=OFFSETS, initial="-1")
    change = forms.CharField(
        label="调整", max_length=30, help_text="如 +120（万元）、+3（人）、-50；不带正负号为改成该值",
        widget=forms.TextInput(attrs={"placeholder": "+120"}),
    )  # fmt: skip

    def changes(self) -> dict:
        """The engine what-if change: money typed in 万元 unless a unit is given."""
        name, change = self.cleaned_data["field"], self.cleaned_data["change"].strip().replace("＋", "+")
        if catalog()[name].unit == "money" and not change.endswith("元"):
            change += "万元"
        return {
            f"{name}[y{int(self.cleaned_data['offset']):+d}]"
            if self.cleaned_data["offset"] != "0"
            else f"{name}[y]": change
        }


def _item_max(field: str) -> int:
    maxima = [
        item.max
        for r in all_rules()
        for s in r.scores.values()
        for p in s.parts
        for item in p.items
        if item.input == field
    ]
    return max(maxima, default=100)


class ExpertScoresForm(Styled):
    """HTE innovation-capability parts the experts score (指引 三(七)); empty = not yet scored."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in HTE_EXPERT_FIELDS:
            top = _item_max(name)
            label = catalog()[name].label.replace("专家评分：", "")
            self.fields[name] = forms.IntegerField(
                label=f"{label}（0–{top} 分）", required=False, min_value=0, max_value=top
            )
        self.style()


class StageForm(Styled):
    track = forms.ChoiceField(label="梯队", choices=Track.choices)
    stage = forms.ChoiceField(
        label="阶段", required=False,
        choices=[("", "取消标记"), (Stage.CULTIVATE.value, "培育"), (Stage.APPLY.value, "申报")],
    )  # fmt: skip
    target = forms.ChoiceField(
        label="目标资质", choices=[("", "自动（上一级）"), *RULE_CHOICES], required=False
    )
    note = forms.CharField(label="备注", max_length=200, required=False)
