"""数据填报: entering or correcting one enterprise's figures for one accounting year on a page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from gaoxin.core.actions import StaleVersionError
from gaoxin.core.context import Actor
from gaoxin.submissions.actions import submit
from gaoxin.submissions.choices import Kind
from gaoxin.web.generic import need
from gaoxin.web.money import money_fields

from .. import actions
from ..models import FIGURE_COLUMNS, FIGURE_FIELDS, EnterpriseYear
from ..review import reports_for_review
from . import _enterprise, _form_errors, report


class YearFiguresForm(forms.ModelForm):
    """Every figure of the enterprise_year template; an empty field stays unknown (never zero)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = EnterpriseYear
        fields = FIGURE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

        money_fields(self, [c.field for c in FIGURE_COLUMNS if c.type == "money"])
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("version") is None:  # changing stored figures needs their version
            raise forms.ValidationError("缺少记录版本号，请刷新页面后重新填写（以免覆盖他人的修改）")
        return data

    def figures(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in FIGURE_FIELDS}


@login_required
def year_edit(request, pk: int, year: int):
    enterprise = _enterprise(request, pk)
    need(request, "registry.edit")
    if not 1990 <= year <= timezone.localdate().year:
        raise Http404
    row = EnterpriseYear.objects.filter(enterprise=enterprise, year=year).first()
    form = YearFiguresForm(
        request.POST or None, instance=row or EnterpriseYear(enterprise=enterprise, year=year)
    )
    stale = None
    if request.method == "POST" and form.is_valid() and reports_for_review(request.user):
        call = lambda actor: submit(enterprise, Kind.YEAR, form.figures(), actor, year=year)  # noqa: E731
        if report(request, form, call):
            return redirect("registry:enterprise_detail", enterprise.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            actions.save_year(
                enterprise,
                year,
                form.figures(),
                Actor.from_request(request),
                form.cleaned_data.get("version") if row else None,
            )
        except StaleVersionError as exc:
            stale = str(exc)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"{year} 年度数据已保存")
            return redirect("registry:enterprise_detail", enterprise.pk)
    return render(
        request,
        "registry/year_form.html",
        {
            "title": f"{enterprise.name} · {year} 年度数据填报",
            "form": form,
            "stale": stale,
            "enterprise": enterprise,
            "year": year,
            "reports_for_review": reports_for_review(request.user),
        },
    )
