"""State changes of the second factor (双因素认证): enrol an authenticator, confirm it (which issues the
recovery codes), verify a code at sign-in, reset a lost factor. Each writes the state, its change row, its
security event and its timeline event; pages and the CLI call these, never the models."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gaoxin.core.actions import emit_event, record_change, record_security_event
from gaoxin.core.context import Actor
from gaoxin.core.models.changelog import ChangeAction, SecurityEventKind

from .security import check_second_factor
from .twofactor import new_recovery_codes, recovery_digest, totp_device

TOTP_PATTERN = re.compile(r"\d{6}")


def _device_snapshot(device) -> dict:
    # Never the secret: the change log is read by the auditor.
    return {"user_id": device.user_id, "name": device.name, "confirmed": device.confirmed}


@transaction.atomic
def enrol_device(user, actor: Actor):
    """The person's authenticator being enrolled: the unconfirmed TOTP device (the same secret on every
    visit of the enrolment page until it is confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = totp_device(user, confirmed=False)
    if device is not None:
        return device
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    record_change(device, ChangeAction.CREATE, None, _device_snapshot(device), actor)
    emit_event(user, "organization.second_factor_enrolling", "开始绑定身份验证器", actor)
    return device


def _failed(request, user, detail: str) -> None:
    record_security_event(SecurityEventKind.SECOND_FACTOR_FAILED, user, username=user.username,
                          request=request, detail=detail)  # fmt: skip


def _totp_verifier(device, code: str):
    """The code check of one TOTP device, its row locked (a code verified once is refused after: last_t)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def verify() -> bool:
        if not TOTP_PATTERN.fullmatch(code):
            return False
        with transaction.atomic():
            locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
            return locked is not None and locked.verify_token(code)

    return verify


def confirm_device(request, user, device, code: str, actor: Actor) -> list[str] | None:
    """Confirm the enrolment with the first code the app shows: the device becomes the person's second
    factor (any earlier one is removed) and ten recovery codes are issued — returned in clear this once,
    stored as digests. None when the code is wrong (a counted, audited failure)."""
    from .models import RecoveryCode, RecoveryCodeDevice

    code = code.strip().replace(" ", "")
    if not check_second_factor(request, user, _totp_verifier(device, code)):
        _failed(request, user, "绑定身份验证器时动态口令错误或已过期")
        return None
    codes = new_recovery_codes()
    with transaction.atomic():
        earlier = [*device.__class__.objects.filter(user=user).exclude(pk=device.pk),
                   *RecoveryCodeDevice.objects.filter(user=user)]  # fmt: skip
        for old in earlier:
            record_change(old, ChangeAction.DELETE, _device_snapshot(old), None, actor)
            old.delete()
        before = _device_snapshot(device)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_change(device, ChangeAction.UPDATE, before, _device_snapshot(device), actor)
        recovery = RecoveryCodeDevice.objects.create(user=user, name="恢复码", confirmed=True)
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=recovery, digest=recovery_digest(c)) for c in codes]
        )
        record_security_event(SecurityEventKind.SECOND_FACTOR_ENROLLED, user, username=user.username,
                              request=request, detail=f"已绑定身份验证器，生成恢复码 {len(codes)} 个")  # fmt: skip
        emit_event(user, "organization.second_factor_enrolled", "绑定身份验证器", actor)
    return codes


def verify_second_factor(request, user, code: str):
    """The sign-in's second step: a 6-digit TOTP code, or a recovery code (burnt by its use). The device
    that verified, or None (a counted, audited failure; a locked account is refused even when right)."""
    from .models import RecoveryCode, RecoveryCodeDevice

    code = code.strip().replace(" ", "")
    used = []
    device = totp_device(user)
    totp = _totp_verifier(device, code) if device is not None else (lambda: False)

    def verify() -> bool:
        if TOTP_PATTERN.fullmatch(code):
            if totp():
                used.append(device)
                return True
            return False
        recovery = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
        if recovery is None or not code:
            return False
        burnt = RecoveryCode.objects.filter(
            device=recovery, digest=recovery_digest(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        if burnt:
            used.append(recovery)
        return bool(burnt)

    if not check_second_factor(request, user, verify):
        _failed(request, user, "登录时动态口令错误或已过期")
        return None
    verified = used[0]
    if verified.__class__.__name__ == "RecoveryCodeDevice":
        left = RecoveryCode.objects.filter(device=verified, used_at__isnull=True).count()
        record_security_event(SecurityEventKind.RECOVERY_CODE_USED, user, username=user.username,
                              request=request, detail=f"使用恢复码登录，剩余 {left} 个")  # fmt: skip
    return verified


@transaction.atomic
def reset_second_factor(user, actor: Actor) -> int:
    """A lost factor: remove the person's authenticator and recovery codes, so the next sign-in enrols
    anew (and tokens issued before stop counting, gaoxin.organization.twofactor.token_allowed). Only the
    installer's CLI (an actor without a user): no administrator resets another's — or his own — factor."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import RecoveryCodeDevice

    if actor.user is not None:
        raise PermissionDenied("双因素认证只能由安装人员通过命令行重置")
    removed = 0
    for model in (TOTPDevice, RecoveryCodeDevice):
        for device in model.objects.filter(user=user):
            record_change(device, ChangeAction.DELETE, _device_snapshot(device), None, actor)
            device.delete()
            removed += 1
    record_security_event(SecurityEventKind.SECOND_FACTOR_RESET, user, username=user.username, ip=actor.ip,
                          detail=f"由{actor.note or '安装人员'}重置双因素认证，共移除 {removed} 项")  # fmt: skip
    emit_event(user, "organization.second_factor_reset", "重置双因素认证", actor)
    return removed
