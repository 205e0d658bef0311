"""Node templates (节点模板): the milestones, time limits and 要素保障部门 a zone plans each project type with."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from gaoxin.core.context import Actor
from gaoxin.organization.models import Unit, Zone
from gaoxin.web.forms import styled
from gaoxin.web.generic import need

from .. import actions
from ..choices import ProjectType, Stage


class NodeRowForm(forms.Form):
    name = forms.CharField(label="节点名称", max_length=50)
    days = forms.IntegerField(label="办理时限（天）", min_value=0, max_value=3650)
    unit = forms.ModelChoiceField(label="要素保障部门", queryset=Unit.objects.none(), required=False)
    milestone = forms.ChoiceField(
        label="对应阶段",
        required=False,
        choices=[("", "—")] + [c for c in Stage.choices if c[0] != Stage.TERMINATED],
    )

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(zone=zone).order_by("path")
        styled(self)


NodeRowFormSet = forms.formset_factory(NodeRowForm, extra=2, can_delete=True)


@login_required
def node_templates(request):
    need(request, "projects.view")
    zone = Zone.objects.order_by("pk").first()
    project_type = request.GET.get("type") or ProjectType.choices[0][0]
    if project_type not in ProjectType.values:
        project_type = ProjectType.choices[0][0]
    initial = [{**row, "unit": row["unit"]} for row in actions.template_for(zone, project_type)]
    formset = NodeRowFormSet(request.POST or None, initial=initial, form_kwargs={"zone": zone})
    if request.method == "POST":
        need(request, "projects.edit")
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            actions.save_node_template(zone, project_type, rows, Actor.from_request(request))
            messages.success(request, f"{project_type}节点模板已保存，新生成的项目计划将按此模板编排")
            return redirect(f"{request.path}?type={project_type}")
    return render(
        request,
        "projects/node_templates.html",
        {
            "title": "节点模板",
            "formset": formset,
            "project_type": project_type,
            "types": ProjectType.choices,
            "can_edit": request.user.can("projects.edit"),
        },
    )
