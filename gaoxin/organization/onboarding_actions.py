"""Going live (上线): a fresh database gets its zone, the root unit and the three 等保 administrators."""

from __future__ import annotations

import secrets
import string

from django.core.exceptions import ValidationError
from django.db import transaction

from gaoxin.core.actions import emit_event, record_change
from gaoxin.core.context import Actor
from gaoxin.core.models.changelog import ChangeAction

from .actions import _snapshot
from .choices import Role, UnitKind

ADMINISTRATORS = (
    ("sysadmin", Role.SYSADMIN, "系统管理员"),
    ("secadmin", Role.SECADMIN, "安全管理员"),
    ("auditor", Role.AUDITOR, "审计管理员"),
)
_SYMBOLS = "@#%+=!?"


def one_time_password(length: int = 14) -> str:
    """Random, and within the password policy (≥ 10 characters, all four character classes)."""
    alphabet = string.ascii_letters + string.digits + _SYMBOLS
    while True:
        # a letter first: a password starting with = or + would be written with a leading ' in the
        # password sheet (gaoxin.core.formula), which a reader could take as part of it
        candidate = secrets.choice(string.ascii_letters) + "".join(
            secrets.choice(alphabet) for _ in range(length - 1)
        )
        classes = [string.ascii_lowercase, string.ascii_uppercase, string.digits, _SYMBOLS]
        if all(any(c in cls for c in candidate) for cls in classes):
            return candidate


@transaction.atomic
def init_zone(name: str, actor: Actor, short_name: str = "", division_code: str = ""):
    """Create the zone, its 管委会 and the three administrator accounts with one-time passwords (expired:
    they must be changed at first login). Returns (zone, {username: password}); the passwords are shown
    once by the caller and stored only as hashes."""
    from .models import Unit, User, Zone

    if Zone.objects.exists():
        raise ValidationError(f"园区已存在（{Zone.objects.order_by('pk').first().name}），不能重复初始化")
    name, short_name = name.strip(), short_name.strip()
    if not name:
        raise ValidationError({"name": "请填写园区名称"})
    if division_code and not (division_code.isdigit() and len(division_code) == 6):
        raise ValidationError({"division_code": "行政区划代码须为 6 位数字"})
    zone = Zone(name=name, short_name=short_name, division_code=division_code)
    zone.full_clean()
    zone.save()
    record_change(zone, ChangeAction.CREATE, None, zone.snapshot(), actor)
    root = Unit(zone=zone, name=f"{short_name or name}管委会", kind=UnitKind.COMMITTEE)
    root.full_clean()
    root.save()
    record_change(root, ChangeAction.CREATE, None, root.snapshot(), actor)
    passwords = {}
    for username, role, label in ADMINISTRATORS:
        if User.objects.filter(username=username).exists():
            raise ValidationError(f"账号 {username} 已存在，不能重复初始化")
        password = one_time_password()
        user = User(username=username, full_name=label, role=role, zone=zone, unit=root, title=label)
        user.set_password(password)
        user.password_changed_at = None  # a one-time password: changed at first login
        user.save()
        record_change(user, ChangeAction.CREATE, None, _snapshot(user), actor)
        passwords[username] = password
    emit_event(zone, "organization.zone_initialized", f"初始化园区：{zone.name}", actor)
    return zone, passwords
