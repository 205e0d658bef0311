from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gaoxin.core.actions import StaleVersionError
from gaoxin.core.context import Actor
from gaoxin.core.masking import NOBODY, shown
from gaoxin.core.models import ApiToken, CustomField
from gaoxin.web.generic import ObjectListView, deny
from gaoxin.web.tables import Column, Table

from . import actions
from .choices import ADMIN_ROLES, Role
from .forms import CustomFieldForm, UserCreateForm, ZoneSettingsForm
from .models import PasswordSheet, Unit, User, Zone


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名/账号", method="search")
    role = django_filters.ChoiceFilter(label="角色", choices=Role.choices)
    unit = django_filters.ModelChoiceFilter(label="单位", queryset=Unit.objects.all())

    class Meta:
        model = User
        fields = ["q", "role", "unit"]

    def search(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(Q(full_name__icontains=value) | Q(username__icontains=value))


class UserListView(ObjectListView):
    title = "人员管理"
    capability = "users.manage"
    filterset_class = UserFilterSet
    table = Table(
        [
            Column("username", "账号", order_by="username", link="organization:person_edit"),
            Column("full_name", "姓名", order_by="full_name"),
            Column("role", "角色", accessor=lambda u: u.get_role_display(), order_by="role"),
            Column("unit", "单位", accessor="unit.name", order_by="unit__path"),
            Column(
                "phone", "手机号", accessor=lambda u: shown("phone", u.phone, NOBODY)
            ),  # its readers lack personal_data.view
            Column(
                "locked",
                "状态",
                accessor=lambda u: "已锁定" if u.is_locked else ("停用" if not u.is_active else "正常"),
            ),
        ],
        default_order="username",
    )

    create_url_name = "organization:user_create"
    export_url_name = "organization:people_export"
    extra_actions = (("organization:people_import", "导入人员"),)
    template_name = "organization/user_list.html"

    def scoped_queryset(self, request):
        return User.objects.select_related("unit")

    def extra_context(self, request, qs) -> dict:
        sheets = PasswordSheet.objects.filter(owner=request.user, downloaded_at__isnull=True)
        return {"password_sheets": sheets}


def _need(request, capability: str):
    if not request.user.can(capability):
        deny(request, capability)


@login_required
def user_create(request):
    _need(request, "users.manage")
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
    _need(request, "system.settings")
    zone = get_object_or_404(Zone.objects.order_by("pk")[:1])
    form = ZoneSettingsForm(request.POST or None, initial=ZoneSettingsForm.initial_from(zone))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_zone_settings(
                zone,
                form.to_settings(zone.settings),
                form.cleaned_data["version"],
                Actor.from_request(request),
            )
        except StaleVersionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "园区设置已保存")
            return redirect("organization:zone_settings")
    return render(request, "organization/form.html", {"title": f"园区设置 · {zone.name}", "form": form})


@login_required
def custom_fields(request):
    _need(request, "system.settings")
    form = CustomFieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "自定义字段已添加")
        return redirect("organization:custom_fields")
    fields = CustomField.objects.select_related("content_type")
    return render(
        request, "organization/custom_fields.html", {"title": "自定义字段", "form": form, "fields": fields}
    )


@login_required
def security(request):
    _need(request, "security.manage")
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
            ApiToken.objects.filter(user=request.user, pk=request.POST.get("token")).delete()
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
