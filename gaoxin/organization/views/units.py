"""组织机构 pages: the unit tree, create, edit (rename / move), close (撤销) — for the system administrator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gaoxin.core.actions import StaleVersionError
from gaoxin.core.context import Actor
from gaoxin.web.generic import need

from .. import unit_actions
from ..models import Unit
from ..unit_forms import CloseUnitForm, UnitForm
from ..zones import current_zone


@login_required
def unit_list(request):
    need(request, "units.manage")
    zone = current_zone(request.user)
    units = Unit.objects.filter(zone=zone).select_related("parent").order_by("path")
    if request.GET.get("closed") != "1":
        units = units.filter(closed_on__isnull=True)
    return render(
        request,
        "organization/unit_list.html",
        {
            "title": "组织机构",
            "units": units,
            "show_closed": request.GET.get("closed") == "1",
            "close_form": CloseUnitForm(),
        },
    )


@login_required
def unit_create(request):
    need(request, "units.manage")
    zone = current_zone(request.user)
    form = UnitForm(request.POST or None, zone=zone, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "kind", "parent", "code")}
        if _run(form, unit_actions.create_unit, zone, data, Actor.from_request(request)):
            messages.success(request, f"已新增单位：{data['name']}")
            return redirect("organization:unit_list")
    return render(request, "organization/form.html", {"title": "新增单位", "form": form})


@login_required
def unit_edit(request, pk: int):
    need(request, "units.manage")
    zone = current_zone(request.user)
    unit = get_object_or_404(Unit, pk=pk, zone=zone)
    initial = {
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent_id,
        "code": unit.code,
        "version": unit.version,
    }
    form = UnitForm(request.POST or None, zone=zone, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in ("name", "kind", "parent", "code") if k in form.fields}
        actor = Actor.from_request(request)
        if _run(form, unit_actions.update_unit, unit, changes, actor, form.cleaned_data["version"]):
            messages.success(request, f"已保存单位：{changes['name']}")
            return redirect("organization:unit_list")
    return render(request, "organization/form.html", {"title": f"编辑单位 · {unit.name}", "form": form})


@login_required
@require_POST
def unit_close(request, pk: int):
    need(request, "units.manage")
    unit = get_object_or_404(Unit, pk=pk, zone=current_zone(request.user))
    form = CloseUnitForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            unit_actions.close_unit(unit, form.cleaned_data["closed_on"], Actor.from_request(request))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已撤销单位：{unit.name}（{form.cleaned_data['closed_on']:%Y-%m-%d}）")
    return redirect("organization:unit_list")


def _run(form, action, *args) -> bool:
    """Call the action; its refusals become the form's errors (on the field they name)."""
    try:
        action(*args)
    except StaleVersionError as exc:
        form.add_error(None, str(exc))
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    else:
        return True
    return False
