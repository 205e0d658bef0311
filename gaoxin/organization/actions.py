"""State changes of people and accounts. Each writes the state, its change row and its event together."""

from __future__ import annotations

from django.db import transaction

from gaoxin.core.actions import emit_event, record_change
from gaoxin.core.context import Actor
from gaoxin.core.models import ApiToken, SecurityEvent
from gaoxin.core.models.changelog import ChangeAction, SecurityEventKind

from .choices import Role


def _require(actor: Actor, capability: str):
    from django.core.exceptions import PermissionDenied

    if actor.user is not None and not actor.user.can(capability):
        raise PermissionDenied("您没有执行此操作的权限")


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
    _require(actor, "accounts.unlock")
    before = _snapshot(user)
    user.failed_login_count, user.locked_until = 0, None
    user.save(update_fields=["failed_login_count", "locked_until"])
    record_change(user, ChangeAction.UPDATE, before, _snapshot(user), actor)
    SecurityEvent.objects.create(
        kind=SecurityEventKind.UNLOCKED,
        username=user.username,
        user=user,
        ip=actor.ip,
        detail=f"由 {actor.name} 解锁",
    )
    emit_event(user, "organization.unlocked", f"{actor.name} 解锁账号", actor)


@transaction.atomic
def assign_role(user, role: str, actor: Actor):
    """Roles are assigned by the security administrator only (三员分立)."""
    _require(actor, "roles.assign")
    if role not in Role.values:
        raise ValueError(f"未知角色：{role}")
    before = _snapshot(user)
    user.role = role
    user.save(update_fields=["role"])
    record_change(user, ChangeAction.UPDATE, before, _snapshot(user), actor)
    emit_event(user, "organization.role_changed", f"角色调整为{Role(role).label}", actor, {"role": role})


@transaction.atomic
def issue_token(user, description: str, actor: Actor) -> tuple[ApiToken, str]:
    token, key = ApiToken.issue(user, description)
    SecurityEvent.objects.create(
        kind=SecurityEventKind.TOKEN_CREATED,
        username=user.username,
        user=user,
        ip=actor.ip,
        detail=description[:500],
    )
    return token, key


@transaction.atomic
def create_user(data: dict, password: str, actor: Actor, zone=None):
    """The system administrator opens an account with no role; the first login forces a password change."""
    from .models import User

    _require(actor, "users.manage")
    user = User(**data, role=Role.PENDING, zone=zone)
    user.set_password(password)
    user.password_changed_at = None  # an initial password is expired by definition
    user.full_clean()
    user.save()
    record_change(user, ChangeAction.CREATE, None, _snapshot(user), actor)
    return user


def update_zone_settings(zone, settings: dict, expected_version: int, actor: Actor):
    from gaoxin.core.actions import update_object

    _require(actor, "system.settings")
    return update_object(zone, {"settings": settings}, actor, expected_version=expected_version)
