"""State changes of people and accounts. Each writes the state, its change row and its event together."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gaoxin.core.actions import emit_event, record_change, record_export, record_security_event, require
from gaoxin.core.context import Actor
from gaoxin.core.models import ApiToken
from gaoxin.core.models.changelog import ChangeAction, SecurityEventKind

from .choices import ADMIN_ROLES, Role


def _snapshot(user) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "unit_id": user.unit_id,
        "is_active": user.is_active,
        "locked_until": user.locked_until.isoformat() if user.locked_until else None,
    }


@transaction.atomic
def unlock_account(user, actor: Actor):
    require(actor, "accounts.unlock")
    before = _snapshot(user)
    user.failed_login_count, user.locked_until, user.login_attempts_in_flight = 0, None, 0
    user.save(update_fields=["failed_login_count", "locked_until", "login_attempts_in_flight"])
    record_change(user, ChangeAction.UPDATE, before, _snapshot(user), actor)
    record_security_event(SecurityEventKind.UNLOCKED, user, ip=actor.ip, detail=f"由 {actor.name} 解锁")
    emit_event(user, "organization.unlocked", f"{actor.name} 解锁账号", actor)


def _refuse(actor: Actor, target, reason: str):
    """An audited refusal: the attempt is a security fact even though nothing changes."""
    record_security_event(
        SecurityEventKind.PERMISSION_DENIED,
        actor.user,
        ip=actor.ip,
        detail=f"角色分配被拒绝：{target.username}：{reason}",
    )
    exc = PermissionDenied(reason)
    exc.audited = True  # the 403 handlers do not write it a second time
    raise exc


def check_role_assignment(target, role: str, actor: Actor) -> None:
    """三员分立: who may give ``target`` the role ``role``.

    - nobody changes their own role;
    - the three administrator roles (系统、安全、审计管理员) are given and taken only by the installer's
      CLI (``gaoxin admin assign``, an actor without a user), never through pages or the API;
    - an administrator account never receives a business role (it would read business data or the log);
    - everyone else needs ``roles.assign`` (the security administrator).
    Every path that changes a role (the security page, role requests, imports) goes through here.
    """
    if role not in Role.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"role": f"未知角色：{role}"})
    if actor.user is None:
        if target.role in ADMIN_ROLES and role not in ADMIN_ROLES | {Role.PENDING}:
            raise PermissionDenied("管理员账号不能被授予业务角色，请另行开设业务账号")
        return
    if actor.user.pk == target.pk:
        _refuse(actor, target, "不能调整本人的角色")
    if not actor.user.can("roles.assign"):
        _refuse(actor, target, "您没有分配角色的权限")
    if role in ADMIN_ROLES or target.role in ADMIN_ROLES:
        _refuse(actor, target, "系统管理员、安全管理员、审计管理员只能由安装人员通过命令行设置（三员分立）")


def assign_role(user, role: str, actor: Actor):
    """Roles are assigned by the security administrator only, within the 三员分立 rules above.

    The check runs before the transaction so that a refusal's audit row is not rolled back with it;
    an action calling this inside its own transaction calls ``check_role_assignment`` first.
    """
    check_role_assignment(user, role, actor)
    with transaction.atomic():
        before = _snapshot(user)
        user.role = role
        user.save(update_fields=["role"])
        record_change(user, ChangeAction.UPDATE, before, _snapshot(user), actor)
        emit_event(user, "organization.role_changed", f"角色调整为{Role(role).label}", actor, {"role": role})


@transaction.atomic
def issue_token(user, description: str, actor: Actor) -> tuple[ApiToken, str]:
    token, key = ApiToken.issue(user, description)
    record_security_event(SecurityEventKind.TOKEN_CREATED, user, ip=actor.ip, detail=description)
    return token, key


@transaction.atomic
def create_user(data: dict, password: str, actor: Actor, zone=None):
    """The system administrator opens an account with no role; the first login forces a password change."""
    from .models import User

    require(actor, "users.manage")
    user = User(**data, role=Role.PENDING, zone=zone)
    user.set_password(password)
    user.password_changed_at = None  # an initial password is expired by definition
    user.full_clean()
    user.save()
    record_change(user, ChangeAction.CREATE, None, _snapshot(user), actor)
    return user


def update_zone_settings(zone, settings: dict, expected_version: int, actor: Actor):
    from gaoxin.core.actions import update_object

    require(actor, "system.settings")
    return update_object(zone, {"settings": settings}, actor, expected_version=expected_version)


def _token_snapshot(token: ApiToken) -> dict:
    return {"user_id": token.user_id, "prefix": token.prefix, "description": token.description}


@transaction.atomic
def revoke_token(user, token_id, actor: Actor) -> bool:
    """Revoke one of ``user``'s own API tokens: the row goes, its deletion stays in the change log.

    False when ``user`` has no such token (someone else's token is never touched)."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first() if str(token_id).isdigit() else None
    if token is None:
        return False
    before = _token_snapshot(token)
    record_change(token, ChangeAction.DELETE, before, None, actor)
    token.delete()
    return True


CUSTOM_FIELD_FIELDS = (
    "content_type",
    "name",
    "label",
    "type",
    "required",
    "minimum",
    "maximum",
    "regex",
    "order",
)


def _custom_field_snapshot(field) -> dict:
    snapshot = {name: getattr(field, name) for name in CUSTOM_FIELD_FIELDS if name != "content_type"}
    snapshot["content_type"] = f"{field.content_type.app_label}.{field.content_type.model}"
    snapshot["choices"] = list(field.choices)
    for name in ("minimum", "maximum"):
        snapshot[name] = None if snapshot[name] is None else str(snapshot[name])
    return snapshot


@transaction.atomic
def add_custom_field(data: dict, actor: Actor):
    """A zone's own field on a model (NetBox custom fields), with its 'create' change row."""
    from gaoxin.core.models import CustomField

    require(actor, "system.settings")
    field = CustomField(**{name: data.get(name) for name in CUSTOM_FIELD_FIELDS if name in data})
    field.choices = list(data.get("choices") or [])
    field.full_clean()
    field.save()
    record_change(field, ChangeAction.CREATE, None, _custom_field_snapshot(field), actor)
    return field


def record_audit_export(request, what: str, filters: dict) -> None:
    """The auditor's export of the audit log is itself an audit fact (who, when, which filters)."""
    described = "，".join(f"{k}={v}" for k, v in filters.items() if v) or "全部"
    record_export(request.user, request, f"导出审计日志（{what}）：{described}")
