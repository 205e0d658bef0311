"""State changes of people's accounts (人员管理). 三员分立: the system administrator (``users.manage``)
opens, edits, disables and resets accounts and *asks* for roles; the security administrator approves
the requests (``roles.assign``, through ``actions.assign_role``); the installer's CLI (an actor without
a user) may set business roles directly."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gaoxin.core.actions import emit_event, record_change, require
from gaoxin.core.context import Actor
from gaoxin.core.models.changelog import ChangeAction

from . import actions
from .actions import _snapshot
from .choices import ADMIN_ROLES, Role
from .enterprise_links import link_enterprise  # noqa: F401  (人员管理 calls it from here)
from .models import RoleRequest, User
from .onboarding_actions import one_time_password

BUSINESS_ROLES = (Role.LEADER, Role.STAFF, Role.LIAISON, Role.ENTERPRISE, Role.BANK)
EDITABLE = ("full_name", "unit", "title", "phone", "email", "organization_name")


@transaction.atomic
def create_person(zone, data: dict, actor: Actor) -> tuple[User, str]:
    """A new account without a role and with a one-time password (expired: changed at first login).
    Returns (user, password); the caller hands the password over once and never logs it."""
    require(actor, "users.manage")
    username = (data.get("username") or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"账号“{username}”已存在"})
    user = User(
        username=username, role=Role.PENDING, zone=zone, **{k: data[k] for k in EDITABLE if k in data}
    )
    password = one_time_password()
    user.set_password(password)
    user.password_changed_at = None
    user.full_clean()
    user.save()
    record_change(user, ChangeAction.CREATE, None, _snapshot(user), actor)
    emit_event(user, "object.created", f"开设账号：{user.username}", actor)
    return user, password


@transaction.atomic
def update_person(user: User, changes: dict, actor: Actor) -> User:
    require(actor, "users.manage")
    _not_an_administrator(user, actor)
    before = _snapshot(user) | {"phone": user.phone, "organization_name": user.organization_name}
    for field, value in changes.items():
        if field not in EDITABLE:
            raise ValueError(f"not an editable account field: {field}")
        setattr(user, field, value)
    if user.unit is not None and user.unit.is_closed:
        raise ValidationError({"unit": f"单位“{user.unit.name}”已撤销"})
    user.full_clean()
    after = _snapshot(user) | {"phone": user.phone, "organization_name": user.organization_name}
    if after != before:
        user.save()
        record_change(user, ChangeAction.UPDATE, before, after, actor)
    return user


@transaction.atomic
def set_active(user: User, active: bool, actor: Actor) -> User:
    """停用 / 启用. A disabled account cannot log in; its history stays."""
    require(actor, "users.manage")
    if actor.user is not None and actor.user.pk == user.pk:
        raise PermissionDenied("不能停用本人的账号")
    _not_an_administrator(user, actor)
    if user.is_active == active:
        return user
    before = _snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_change(user, ChangeAction.UPDATE, before, _snapshot(user), actor)
    kind = "organization.account_enabled" if active else "organization.account_disabled"
    emit_event(user, kind, "启用账号" if active else "停用账号", actor)
    return user


@transaction.atomic
def reset_password(user: User, actor: Actor) -> str:
    """A new one-time password (expired, so it must be changed at the next login). Shown once."""
    require(actor, "users.manage")
    if actor.user is not None and actor.user.pk == user.pk:
        raise PermissionDenied("本人的密码请在“修改密码”中修改")
    _not_an_administrator(user, actor)
    password = one_time_password()
    user.set_password(password)
    user.password_changed_at = None
    user.save(update_fields=["password", "password_changed_at"])
    emit_event(user, "organization.password_reset", f"{actor.name} 重置密码", actor)
    return password


@transaction.atomic
def change_own_password(user: User, new_password: str, actor: Actor) -> User:
    """The user's own password change (the page checked the old one): the change row carries the
    date only, never a hash; the security log gets its 修改密码 row."""
    from gaoxin.core.actions import record_security_event
    from gaoxin.core.models.changelog import SecurityEventKind

    before = {
        "password_changed_at": user.password_changed_at.isoformat() if user.password_changed_at else None
    }
    user.set_password(new_password)
    user.save(update_fields=["password", "password_changed_at"])
    record_change(user, ChangeAction.UPDATE, before, {"password_changed_at": user.password_changed_at.isoformat()},
                  actor)  # fmt: skip
    record_security_event(SecurityEventKind.PASSWORD_CHANGED, user, ip=actor.ip)
    return user


def set_or_request_role(user: User, role: str, actor: Actor) -> RoleRequest | None:
    """The installer's CLI sets the role; a person (the system administrator) files a request that the
    security administrator approves. Nothing happens when the person already has the role."""
    if role not in BUSINESS_ROLES:
        raise ValidationError(
            {"role": f"不能申请角色“{Role(role).label}”：三员角色只能由安装人员通过命令行设置"}
        )
    if user.role == role:
        return None
    if user.role_requests.filter(status=RoleRequest.Status.PENDING, role=role).exists():
        return None  # asked already (e.g. the same file imported again)
    if actor.user is None:
        actions.assign_role(user, role, actor)
        return None
    return request_role(user, role, actor)


@transaction.atomic
def request_role(user: User, role: str, actor: Actor) -> RoleRequest:
    require(actor, "users.manage")
    _not_an_administrator(user, actor)
    if role not in BUSINESS_ROLES:
        raise ValidationError({"role": "只能申请业务角色（领导、部门人员、包联干部、企业用户、银行用户）"})
    RoleRequest.objects.filter(user=user, status=RoleRequest.Status.PENDING).update(
        status=RoleRequest.Status.REJECTED, decided_by="（被新申请取代）", decided_at=timezone.now()
    )
    request = RoleRequest.objects.create(user=user, role=role, requested_by=actor.name)
    emit_event(user, "organization.role_requested", f"申请角色：{Role(role).label}", actor, {"role": role})
    return request


def notify_role_reviewers(count: int, actor: Actor) -> None:
    """Tell the security administrators that requests wait (one message per batch, not per person)."""
    from gaoxin.notifications.actions import notify

    if not count:
        return
    reviewers = [u for u in User.objects.filter(is_active=True, role=Role.SECADMIN) if u.can("roles.assign")]
    notify(
        reviewers,
        kind="organization.roles_requested",
        title=f"{count} 项角色申请待审批",
        body=f"{actor.name} 提交，请在“角色审批”中审核。",
        url="/org/role-requests/",
        actor=actor,
    )


def decide_role_request(request: RoleRequest, approve: bool, actor: Actor, note: str = "") -> RoleRequest:
    """Approve (the role is assigned through ``actions.assign_role``, with all its 三员分立 checks) or
    reject a pending request."""
    require(actor, "roles.assign")
    if request.status != RoleRequest.Status.PENDING:
        raise ValidationError({"status": f"该申请已{request.get_status_display()}"})
    if approve:
        actions.assign_role(request.user, request.role, actor)
    with transaction.atomic():
        request.status = RoleRequest.Status.APPROVED if approve else RoleRequest.Status.REJECTED
        request.decided_by, request.decided_at, request.note = actor.name, timezone.now(), note[:200]
        request.save(update_fields=["status", "decided_by", "decided_at", "note"])
        emit_event(
            request.user,
            "organization.role_request_decided",
            f"{'批准' if approve else '驳回'}角色申请：{request.get_role_display()}{note and '（' + note + '）'}",
            actor,
        )
    return request


def _not_an_administrator(user: User, actor: Actor) -> None:
    if user.role in ADMIN_ROLES and actor.user is not None:
        raise PermissionDenied("三员账号只能由安装人员通过命令行维护")
