"""人员管理 pages beyond the list: edit, disable/enable, reset password, link an enterprise or bank,
ask for a role (system administrator); approve role requests (security administrator); the one-time
password sheets of people imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gaoxin.core.context import Actor
from gaoxin.core.masking import shown
from gaoxin.web.generic import need, xlsx_response

from .. import people_actions
from ..models import PasswordSheet, RoleRequest, User
from ..password_sheets import take
from ..people_forms import PersonForm
from ..zones import current_zone


@login_required
def person_edit(request, pk: int):
    need(request, "users.manage")
    zone = current_zone(request.user)
    person = get_object_or_404(User, pk=pk)
    account = getattr(person, "enterprise_account", None)
    initial = {
        **{f: getattr(person, f) for f in people_actions.EDITABLE},
        "enterprise_uscc": account.enterprise.uscc if account else "",
        "current_role": person.role,
        "phone": shown("phone", person.phone, request.user),
    }
    form = PersonForm(
        request.POST or None, zone=zone, initial=initial, stored_phone=person.phone, viewer=request.user
    )
    if request.method == "POST" and form.is_valid() and _save(request, form, person):
        return redirect("organization:user_list")
    pending = person.role_requests.filter(status=RoleRequest.Status.PENDING).first()
    return render(
        request,
        "organization/person.html",
        {"title": f"人员 · {person.display_name}", "form": form, "person": person, "pending": pending},
    )


def _save(request, form, person) -> bool:
    actor, data = Actor.from_request(request), form.cleaned_data
    try:
        people_actions.update_person(person, {f: data[f] for f in people_actions.EDITABLE}, actor)
        if data["enterprise_uscc"] is not None or hasattr(person, "enterprise_account"):
            people_actions.link_enterprise(person, data["enterprise_uscc"], actor)
        if data["role"] and data["role"] != person.role:
            people_actions.request_role(person, data["role"], actor)
            people_actions.notify_role_reviewers(1, actor)
    except (ValidationError, PermissionDenied) as exc:
        form.add_error(None, "；".join(getattr(exc, "messages", [str(exc)])))
        return False
    messages.success(
        request,
        f"已保存 {person.display_name} 的信息"
        + ("，角色申请已提交安全管理员审批" if data["role"] and data["role"] != person.role else ""),
    )
    return True


@login_required
@require_POST
def person_active(request, pk: int):
    need(request, "users.manage")
    person = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        people_actions.set_active(person, active, Actor.from_request(request))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{'启用' if active else '停用'}账号 {person.username}")
    return redirect("organization:person_edit", pk)


@never_cache
@login_required
@require_POST
def person_reset_password(request, pk: int):
    """The new one-time password is shown in this response only (never stored in a message or a log)."""
    need(request, "users.manage")
    person = get_object_or_404(User, pk=pk)
    try:
        password = people_actions.reset_password(person, Actor.from_request(request))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("organization:person_edit", pk)
    return render(
        request,
        "organization/password_once.html",
        {"title": "重置密码", "person": person, "password": password},
    )


@login_required
def role_requests(request):
    need(request, "roles.assign")
    if request.method == "POST":
        return _decide(request)
    pending = RoleRequest.objects.filter(status=RoleRequest.Status.PENDING).select_related("user__unit")
    decided = RoleRequest.objects.exclude(status=RoleRequest.Status.PENDING).select_related("user")[:30]
    return render(
        request,
        "organization/role_requests.html",
        {"title": "角色审批", "pending": pending, "decided": decided},
    )


def _decide(request):
    approve = request.POST.get("op") != "reject"
    qs = RoleRequest.objects.filter(status=RoleRequest.Status.PENDING).select_related("user")
    if request.POST.get("all") != "1":
        qs = qs.filter(pk__in=[i for i in request.POST.getlist("id") if i.isdigit()])
    done, refused = 0, []
    actor = Actor.from_request(request)
    for item in qs:
        try:
            people_actions.decide_role_request(item, approve, actor, request.POST.get("note", ""))
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            refused.append(f"{item.user.username}：{'；'.join(getattr(exc, 'messages', [str(exc)]))}")
    if done:
        messages.success(request, f"已{'批准' if approve else '驳回'} {done} 项角色申请")
    for line in refused:
        messages.error(request, line)
    if not done and not refused:
        messages.info(request, "请先勾选申请")
    return redirect("organization:role_requests")


@never_cache
@login_required
def password_sheet(request, pk: int):
    """Download once: the content is erased as it is handed out."""
    need(request, "users.manage")
    sheet = PasswordSheet.objects.filter(pk=pk, owner=request.user).first()
    if sheet is None:
        raise Http404
    content = take(sheet)
    if content is None:
        messages.error(request, "该初始密码表已下载过，不能再次下载；如有遗失请为相关人员重置密码")
        return redirect("organization:user_list")
    return xlsx_response(content, f"初始密码-{sheet.created:%Y%m%d%H%M}.xlsx")


@login_required
def people_import(request):
    need(request, "users.manage")
    return redirect("/transfer/import/?kind=people")


@login_required
def units_import(request):
    need(request, "units.manage")
    return redirect("/transfer/import/?kind=units")
