from django import forms

from gaoxin.organization.models import Unit
from gaoxin.projects.scopes import scoped_projects
from gaoxin.web.forms import DATE, styled

from .choices import Category, Severity


class RaiseForm(forms.Form):
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label="问题类别", choices=Category.choices)
    severity = forms.ChoiceField(
        label="紧急程度",
        choices=Severity.choices,
        help_text="一般问题 7 日内、重大问题 30 日内、紧急问题 1 日内解决",
    )
    project = forms.ModelChoiceField(label="所属项目", queryset=None, required=False)
    lead_department = forms.ModelChoiceField(
        label="牵头部门", queryset=None, required=False, help_text="不填则由项目责任部门牵头"
    )
    co_departments = forms.ModelMultipleChoiceField(label="配合部门", queryset=None, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(zone_id=user.zone_id, level=2)
        self.fields["lead_department"].queryset = units
        self.fields["co_departments"].queryset = units
        projects = scoped_projects(user) if user.can("projects.view") else scoped_projects(user).none()
        self.fields["project"].queryset = projects.order_by("code")
        styled(self)


class ActionForm(forms.Form):
    """The free fields the transition buttons post; each action reads what it needs."""

    text = forms.CharField(required=False, max_length=2000)
    rating = forms.IntegerField(required=False, min_value=1, max_value=5)
    day = forms.DateField(required=False, widget=DATE)
    target = forms.IntegerField(required=False)  # the extension or supervision order acted on
    approve = forms.BooleanField(required=False)
