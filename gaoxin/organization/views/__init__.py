from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gaoxin.core.context import Actor
from gaoxin.core.models import CustomField
from gaoxin.web.generic import ObjectListView, need, save_zone_settings

from .. import actions
from ..choices import ADMIN_ROLES, Role
from ..filtersets import UserFilterSet
from ..forms import CustomFieldForm, UserCreateForm, ZoneSettingsForm
from ..models import PasswordSheet, User, Zone
from ..tables import USER_TABLE


class UserListView(ObjectListView):
    title = "人员管理"
    capability = "users.manage"
    filterset_class = UserFilterSet
    table = USER_TABLE

    create_url_name = "organization:user_create"
    export_url_name = "organization:people_export"
    extra_actions = (("organization:people_import", "导入人员"),)
    template_name = "organization/user_list.html"

    def scoped_queryset(self, request):
        return User.objects.select_related("unit")

    def extra_context(self, request, qs) -> dict:
        sheets = PasswordSheet.objects.filter(owner=request.user, downloaded_at__isnull=True)
        return {"password_sheets": sheets}


@login_required
def user_create(request):
    need(request, "users.manage")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in UserCreateForm.Meta.fields}
        user = actions.create_user(
            data, form.cleaned_data["password"], Actor.from_request(request), zone=Zone.objects.first()
        )
        messages.success(request, f"已创建账号 {user.username}，请安全管理员分配角色")
        return redirect("organization:user_list")
    return render(request, "organization/form.html", {"title": "新增人员", "form": form})


@login_required
def zone_settings(request):
    need(request, "system.settings")
    zone = get_object_or_404(Zone.objects.order_by("pk")[:1])
    form = ZoneSettingsForm(request.POST or None, initial=ZoneSettingsForm.initial_from(zone))
    if saved := save_zone_settings(request, form, zone, "园区设置已保存", "organization:zone_settings"):
        return saved
    return render(request, "organization/form.html", {"title": f"园区设置 · {zone.name}", "form": form})


@login_required
def custom_fields(request):
    need(request, "system.settings")
    form = CustomFieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_custom_field(form.cleaned_data, Actor.from_request(request))
        messages.success(request, "自定义字段已添加")
        return redirect("organization:custom_fields")
    fields = CustomField.objects.select_related("content_type")
    return render(
        request, "organization/custom_fields.html", {"title": "自定义字段", "form": form, "fields": fields}
    )


@login_required
def security(request):
    need(request, "security.manage")
    if request.method == "POST":
        pk = request.POST.get("user", "")
        target = get_object_or_404(User, pk=int(pk)) if pk.isdigit() else None
        actor = Actor.from_request(request)
        if target is None:
            messages.error(request, "未找到该账号，请刷新页面后重试")
        elif request.POST.get("op") == "unlock":
            actions.unlock_account(target, actor)
            messages.success(request, f"已解锁账号 {target.username}")
        elif request.POST.get("op") == "role":
            try:
                actions.assign_role(target, request.POST.get("role", ""), actor)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, f"已调整 {target.display_name} 的角色")
        return redirect("organization:security")
    from django.conf import settings

    locked = User.objects.filter(locked_until__gt=timezone.now())
    return render(
        request,
        "organization/security.html",
        {
            "title": "账号安全",
            "locked": locked,
            "users": User.objects.select_related("unit").order_by("username"),
            "roles": [(v, label) for v, label in Role.choices if v not in ADMIN_ROLES],
            "admin_roles": ADMIN_ROLES,
            "policy": {
                "锁定阈值（连续失败次数）": settings.LOCKOUT_THRESHOLD,
                "锁定时长（分钟）": settings.LOCKOUT_MINUTES,
                "闲置超时（分钟）": settings.SESSION_COOKIE_AGE // 60,
                "密码有效期（天）": settings.PASSWORD_MAX_AGE_DAYS,
            },
        },
    )


@login_required
def tokens(request):
    new_key = None
    if request.method == "POST":
        if request.POST.get("op") == "revoke":
            if actions.revoke_token(request.user, request.POST.get("token", ""), Actor.from_request(request)):
                messages.success(request, "令牌已撤销")
            return redirect("organization:tokens")
        _, new_key = actions.issue_token(
            request.user, request.POST.get("description", "")[:200], Actor.from_request(request)
        )
    return render(
        request,
        "organization/tokens.html",
        {"title": "API 令牌", "tokens": request.user.api_tokens.all(), "new_key": new_key},
    )
