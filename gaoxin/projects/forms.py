from __future__ import annotations

from django import forms

from gaoxin.organization.models import Unit, User
from gaoxin.problems.choices import Category, Severity
from gaoxin.web.forms import DATE, styled
from gaoxin.web.money import MoneyFormField, money_fields

from .choices import LIFECYCLE
from .lookups import enterprises_by_uscc
from .models import Project

PROJECT_FIELDS = [
    "code",
    "name",
    "type",
    "level",
    "industry",
    "industry_chain",
    "total_investment",
    "annual_planned_investment",
    "longitude",
    "latitude",
    "site",
    "leader",
    "department",
    "liaison",
    "plan_text",
    "plan_file",
    "signed_on",
    "land_planned_on",
    "start_planned_on",
    "production_planned_on",
    "full_capacity_planned_on",
]


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {f: DATE for f in PROJECT_FIELDS if f.endswith("_on")} | {
            "plan_text": forms.Textarea(attrs={"rows": 3})
        }

    owner_uscc = forms.CharField(
        label="建设单位统一社会信用代码", max_length=18, required=False,
        help_text="产业项目填业主企业（须已在企业库中）；公共项目不填",
    )  # fmt: skip

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        owner = getattr(self.instance, "owner", None)
        self.fields["owner_uscc"].initial = owner.uscc if owner else ""
        self.fields["leader"].queryset = User.objects.filter(zone=zone, role="leader")
        self.fields["liaison"].queryset = User.objects.filter(zone=zone, role__in=["liaison", "staff"])
        self.fields["department"].queryset = Unit.objects.filter(zone=zone, level=2)
        money_fields(self, ["total_investment", "annual_planned_investment"])
        styled(self)

    def clean_owner_uscc(self):
        """The owner enterprise by its credit code (not a select: a zone has thousands of enterprises)."""
        code = self.cleaned_data["owner_uscc"].strip().upper()
        if not code:
            return None
        owner = enterprises_by_uscc({code}).get(code)
        if owner is None or owner.deleted_at is not None:
            raise forms.ValidationError(f"企业库中没有统一社会信用代码为“{code}”的企业")
        return owner


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    period_day = forms.DateField(label="调度期（任选期内一天）", widget=DATE, required=False)
    period_investment = MoneyFormField(
        label="本期完成投资", required=True, help_text="可选单位，或直接输入“1250万”“1.2亿”"
    )
    cumulative_investment = MoneyFormField(label="累计完成投资", help_text="不填则按上期累计加本期自动计算")
    progress = forms.CharField(label="形象进度", widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultipleFileField(label="现场照片（JPG/PNG，单张不超过 5MB）", required=False)
    problem_description = forms.CharField(
        label="需协调解决的问题（可不填）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    problem_category = forms.ChoiceField(label="问题类别", choices=Category.choices, initial="其他")
    problem_severity = forms.ChoiceField(label="紧急程度", choices=Severity.choices, initial="一般")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)

    def problems(self) -> list[dict]:
        d = self.cleaned_data
        if not d.get("problem_description"):
            return []
        return [
            {
                "description": d["problem_description"],
                "category": d["problem_category"],
                "severity": d["problem_severity"],
            }
        ]


class MilestoneForm(forms.Form):
    stage = forms.ChoiceField(label="阶段", choices=[(s, s) for s in LIFECYCLE[1:]])
    day = forms.DateField(label="实际日期", widget=DATE)


class TerminateForm(forms.Form):
    day = forms.DateField(label="终止日期", widget=DATE)
    reason = forms.CharField(label="终止原因", max_length=500)


class NodeForm(forms.Form):
    planned_on = forms.DateField(label="计划完成日期", widget=DATE, required=False)
    actual_on = forms.DateField(label="实际完成日期", widget=DATE, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class CorrectionForm(forms.Form):
    """更正 a filed dispatch report (amounts with their unit, as when filing)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    period_investment = MoneyFormField(
        label="本期完成投资", required=True, help_text="可选单位，或直接输入“1250万”“1.2亿”"
    )
    cumulative_investment = MoneyFormField(label="累计完成投资", help_text="不填则按上期累计加本期自动计算")
    progress = forms.CharField(label="形象进度", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)
