"""Registry pages: lists (enterprises, years, qualifications, expiring, trash), detail, forms."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gaoxin.core.actions import StaleVersionError, history, timeline
from gaoxin.core.context import Actor
from gaoxin.core.masking import shown_diff
from gaoxin.submissions.actions import submit
from gaoxin.submissions.choices import Kind
from gaoxin.web.generic import ObjectListView, need

from .. import actions
from ..choices import EXPIRING_DAYS
from ..filtersets import EnterpriseFilterSet, QualificationFilterSet, YearFilterSet, filter_status
from ..forms import EnterpriseForm, QualificationForm
from ..models import Enterprise
from ..review import reports_for_review
from ..scopes import (
    enterprises_listed,
    qualifications_listed,
    years_listed,
)
from ..tables import QUALIFICATION_TABLE, YEAR_TABLE, enterprise_table


class EnterpriseListView(ObjectListView):
    title = "企业名录"
    capability = "registry.view"
    create_capability = "registry.import"  # registering new enterprises is the committee's and streets' job
    filterset_class = EnterpriseFilterSet
    export_url_name = "registry:enterprise_export"
    create_url_name = "registry:enterprise_create"
    export_capability = "registry.export"
    extra_actions = (("transfer:import", "批量导入", "registry.import"),)

    def get(self, request):
        self.table = enterprise_table(request.user)
        return super().get(request)

    def scoped_queryset(self, request):
        return enterprises_listed(request.user)


class YearListView(ObjectListView):
    title = "企业年度数据"
    capability = "registry.view"
    filterset_class = YearFilterSet
    table = YEAR_TABLE
    export_url_name = "registry:year_export"
    export_capability = "registry.export"

    def scoped_queryset(self, request):
        return years_listed(request.user)


class QualificationListView(ObjectListView):
    title = "企业资质"
    capability = "registry.view"
    filterset_class = QualificationFilterSet
    table = QUALIFICATION_TABLE
    export_url_name = "registry:qualification_export"
    export_capability = "registry.export"

    def scoped_queryset(self, request):
        return qualifications_listed(request.user)


class ExpiringListView(QualificationListView):
    title = f"{EXPIRING_DAYS} 天内到期的资质"
    export_url_name = None

    def scoped_queryset(self, request):

        return filter_status(super().scoped_queryset(request), "expiring", timezone.localdate())


def _enterprise(request, pk: int) -> Enterprise:
    need(request, "registry.view")
    return get_object_or_404(enterprises_listed(request.user), pk=pk)


@login_required
def enterprise_detail(request, pk: int):
    enterprise = _enterprise(request, pk)
    years = list(enterprise.years.order_by("-year")[:3])
    context = {
        "title": enterprise.name,
        "enterprise": enterprise,
        "years": years,
        "chart": json.dumps(figures_chart(list(reversed(years))), ensure_ascii=False),
        "qualifications": enterprise.qualifications.all(),
        "changes": labelled_changes(history(enterprise)[:30], request.user),
        "events": timeline(enterprise)[:30],
        "submissions": enterprise.submissions.select_related("submitted_by", "reviewed_by")[:10],
        "reports_for_review": reports_for_review(request.user),
        "can_edit": request.user.can("registry.edit"),
        "can_delete": request.user.can("registry.delete"),
        "fill_year": timezone.localdate().year - 1,  # figures are filed for the last accounting year
    }
    return render(request, "registry/enterprise_detail.html", context)


def labelled_changes(changes, viewer) -> list[tuple]:
    """(change, [(field label, before, after)]) for the change-log panel, masked for the viewer."""
    out = []
    for c in changes:
        model = c.content_type.model_class()
        label = getattr(model, "field_label", lambda f: f)
        diff = shown_diff(c.diff(), viewer) if c.action == "update" else []
        out.append((c, [(label(f), a, b) for f, a, b in diff]))
    return out


def figures_chart(years) -> dict:
    """ECharts option: 营业收入, 研发费用 and 净利润 (万元) over the years shown."""

    def series(name, getter):
        data = [None if getter(y) is None else round(float(getter(y)) / 10_000, 2) for y in years]
        return {"name": name, "type": "bar", "data": data}

    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": [f"{y.year}年" for y in years]},
        "yAxis": {"type": "value", "name": "万元"},
        "series": [
            series("营业收入", lambda y: y.revenue),
            series("研究开发费用", lambda y: y.rd_expense),
            series("净利润", lambda y: y.net_profit),
        ],
    }


@login_required
def enterprise_create(request):
    need(request, "registry.import")
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = actions.create_enterprise(form.data_for_create(), Actor.from_request(request))
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已登记 {enterprise.name}")
            return redirect("registry:enterprise_detail", enterprise.pk)
    return render(request, "registry/enterprise_form.html", {"title": "登记企业", "form": form})


@login_required
def enterprise_edit(request, pk: int):
    enterprise = _enterprise(request, pk)
    need(request, "registry.edit")
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    stale = None
    if request.method == "POST" and form.is_valid() and reports_for_review(request.user):
        if report(request, form, lambda actor: submit(enterprise, Kind.ENTERPRISE, form.changes(), actor)):
            return redirect("registry:enterprise_detail", enterprise.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            actions.update_enterprise(
                enterprise, form.changes(), Actor.from_request(request), form.cleaned_data.get("version")
            )
        except StaleVersionError as exc:
            stale = exc.message_for(request.user)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("registry:enterprise_detail", enterprise.pk)
    title = f"编辑：{enterprise.name}"
    return render(request, "registry/enterprise_form.html", {"title": title, "form": form, "stale": stale})


def report(request, form, call) -> bool:
    """File a change for the department's review (enterprise users, street staff); errors go on the form."""
    try:
        call(Actor.from_request(request))
    except (ValidationError, PermissionDenied) as exc:
        _form_errors(form, exc)
        return False
    messages.success(request, "已提交主管部门审核，审核通过后生效；审核结果将通过消息中心通知您")
    return True


def _form_errors(form, exc) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or "您没有执行此操作的权限")
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = field.replace("custom_fields.", "cf_")
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_POST
def enterprise_delete(request, pk: int):
    enterprise = _enterprise(request, pk)
    actions.delete_enterprise(enterprise, Actor.from_request(request), request.POST.get("reason", ""))
    messages.success(request, f"已删除 {enterprise.name}（可由系统管理员在回收站恢复）")
    return redirect("registry:enterprise_list")


@login_required
def qualification_add(request, pk: int):
    enterprise = _enterprise(request, pk)
    need(request, "registry.edit")
    form = QualificationForm(request.POST or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else None
    if data is not None and reports_for_review(request.user):
        if report(request, form, lambda actor: submit(enterprise, Kind.QUALIFICATION, data, actor)):
            return redirect("registry:enterprise_detail", enterprise.pk)
    elif data is not None:
        try:
            actions.grant_qualification(enterprise, form.cleaned_data, Actor.from_request(request))
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "已登记资质")
            return redirect("registry:enterprise_detail", enterprise.pk)
    context = {"title": f"登记资质：{enterprise.name}", "form": form}
    return render(request, "registry/enterprise_form.html", context)


@login_required
def trash(request):
    need(request, "registry.restore")
    if request.method == "POST":
        enterprise = get_object_or_404(Enterprise.all_objects, pk=request.POST.get("enterprise"))
        try:
            actions.restore_enterprise(enterprise, Actor.from_request(request))
            messages.success(request, f"已恢复 {enterprise.name}")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("registry:trash")
    deleted = (
        Enterprise.all_objects.filter(deleted_at__isnull=False).select_related("unit").order_by("-deleted_at")
    )
    return render(request, "registry/trash.html", {"title": "回收站", "deleted": deleted[:500]})
