"""Generic audited writes. Every business action in the apps is built from these, so the business state,
its change-log row and its timeline event are written in one transaction or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .context import Actor
from .masking import NOBODY, shown_diff
from .models import BusinessEvent, ObjectChange, SecurityEvent
from .models.base import SoftDeleteModel, TrackedModel
from .models.changelog import ChangeAction, SecurityEventKind, opened, sealed


class StaleVersionError(Exception):
    """A save based on an old version of the record: refused, with what others changed meanwhile."""

    def __init__(self, instance: TrackedModel, changes: list[tuple[str, object, object]], by: str, at):
        self.instance, self.changes, self.by, self.at = instance, changes, by, at
        super().__init__(self.message_for(NOBODY))  # str(exc) never shows personal data

    def changes_for(self, viewer) -> list[tuple[str, object, object]]:
        """What others changed, personal values masked unless ``viewer`` may see them."""
        return shown_diff(self.changes, viewer)

    def message_for(self, viewer) -> str:
        parts = [
            f"{self.instance.field_label(f)}：{_show(a)} → {_show(b)}" for f, a, b in self.changes_for(viewer)
        ]
        when = timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M") if self.at else ""
        detail = "；".join(parts) if parts else "（无字段差异）"
        return f"该记录已被 {self.by} 于 {when} 修改，您的保存未生效，请刷新后重新填写。对方修改：{detail}"


MISSING_VERSION = "缺少记录版本号 version：请先读取（刷新）记录，再带其 version 提交修改，以免覆盖他人的修改"


def required_version(value) -> int:
    """The version an update was based on, as an int; a missing or malformed one is refused (optimistic
    locking is not optional: an update without it would silently overwrite someone else's save)."""
    from django.core.exceptions import ValidationError

    if value is None or value == "":
        raise ValidationError({"version": MISSING_VERSION})
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({"version": "记录版本号 version 应为整数"})


def _show(value) -> str:
    return "（空）" if value in (None, "") else str(value)


def _parent(instance: TrackedModel):
    name = getattr(instance, "change_log_parent", None)
    if not name:
        return None, None
    parent_id = getattr(instance, f"{name}_id")
    model = instance._meta.get_field(name).related_model
    return ContentType.objects.get_for_model(model), parent_id


def change_row(
    instance: TrackedModel, action: str, before: dict | None, after: dict | None, actor: Actor
) -> ObjectChange:
    """An unsaved ObjectChange (so bulk imports can ``bulk_create`` thousands at once)."""
    related_ct, related_id = _parent(instance)
    return ObjectChange(
        user=actor.user,
        user_name=actor.name,
        ip=actor.ip,
        source=actor.source,
        request_id=actor.request_id,
        action=action,
        content_type=ContentType.objects.get_for_model(instance),  # an instance (or a lazy request.user)
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        related_content_type=related_ct,
        related_object_id=related_id,
        prechange_data=sealed(before),
        postchange_data=sealed(after),
    )


def record_change(instance, action, before, after, actor: Actor) -> ObjectChange:
    row = change_row(instance, action, before, after, actor)
    row.save()
    return row


def emit_event(obj, type: str, message: str, actor: Actor, payload: dict | None = None) -> BusinessEvent:
    from .events import EVENT_TYPES

    if type not in EVENT_TYPES:
        raise ValueError(f"unregistered business event type {type!r}")
    return BusinessEvent.objects.create(
        type=type,
        content_type=ContentType.objects.get_for_model(type_of(obj)),
        object_id=obj.pk,
        user=actor.user,
        user_name=actor.name,
        message=message[:500],
        payload=payload or {},
    )


def require(actor: Actor, capability: str, message: str = "您没有执行此操作的权限") -> None:
    """An action's capability check: PermissionDenied unless the acting user has ``capability``.
    The system actor (CLI, imports run by the installer) has no user and is not checked."""
    from django.core.exceptions import PermissionDenied

    if actor.user is not None and not actor.user.can(capability):
        raise PermissionDenied(message)


def record_security_event(
    kind: str,
    user=None,
    *,
    username: str | None = None,
    ip: str | None = None,
    request=None,
    detail: str = "",
) -> SecurityEvent:
    """One row of the security audit (logins, locks, refusals, tokens, exports): the only writer of it.

    ``user`` may be anonymous or None (a failed login names only the ``username`` tried); the address is
    ``ip`` or, when a ``request`` is given, its client address.
    """
    from .context import client_ip

    known = user if user is not None and getattr(user, "is_authenticated", False) else None
    if username is None:
        username = user.get_username() if user is not None else "系统"
    if ip is None and request is not None:
        ip = client_ip(request)
    return SecurityEvent.objects.create(
        kind=kind, username=username[:150], user=known, ip=ip, detail=(detail or "")[:500]
    )


def record_export(user, request, detail: str) -> SecurityEvent:
    """The audit fact of a data export (who, from where, what): every export writes one."""
    return record_security_event(SecurityEventKind.EXPORT, user, request=request, detail=detail)


def type_of(obj):
    return obj._meta.concrete_model


@transaction.atomic
def create_object(instance: TrackedModel, actor: Actor, event: tuple[str, str] | None = None):
    """Save a new object, its 'create' change row and optionally a timeline event (type, message)."""
    instance.full_clean()
    instance.save()
    record_change(instance, ChangeAction.CREATE, None, instance.snapshot(), actor)
    if event:
        emit_event(instance, event[0], event[1], actor)
    return instance


@transaction.atomic
def update_object(
    instance: TrackedModel,
    changes: dict,
    actor: Actor,
    expected_version: int | None = None,
    event: tuple[str, str] | None = None,
):
    """Apply ``changes`` to ``instance`` under optimistic locking.

    ``expected_version`` is the version the user started editing from; if someone saved since, the
    save is refused with :class:`StaleVersionError` naming what they changed — never a silent overwrite.
    """
    model = type(instance)
    manager = getattr(model, "all_objects", model._default_manager)
    current = manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise _stale(current, expected_version)
    before = current.snapshot()
    for field, value in changes.items():
        setattr(current, field, value)
    current.full_clean()
    after = current.snapshot()
    if {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }:
        return current  # nothing changed: no new version, no noise in the log
    current.version += 1
    current.save()
    record_change(current, ChangeAction.UPDATE, before, current.snapshot(), actor)
    if event:
        emit_event(current, event[0], event[1], actor)
    instance.__dict__.update(current.__dict__)
    return current


def _stale(current: TrackedModel, expected_version: int) -> StaleVersionError:
    ct = ContentType.objects.get_for_model(type(current))
    log = ObjectChange.objects.filter(content_type=ct, object_id=current.pk)
    base = next(
        (
            opened(c.postchange_data)
            for c in log
            if (c.postchange_data or {}).get("version") == expected_version
        ),
        None,
    )
    latest = log.first()
    now = current.snapshot()
    changes = [
        (k, (base or {}).get(k), v)
        for k, v in now.items()
        if k != "version" and base is not None and base.get(k) != v
    ]
    return StaleVersionError(
        current, changes, latest.user_name if latest else "他人", latest.time if latest else None
    )


@transaction.atomic
def soft_delete(instance: SoftDeleteModel, actor: Actor, reason: str = ""):
    before = instance.snapshot()
    instance.deleted_at = timezone.now()
    instance.version += 1
    instance.save(update_fields=["deleted_at", "version", "last_updated"])
    record_change(instance, ChangeAction.DELETE, before, instance.snapshot(), actor)
    emit_event(instance, "object.deleted", f"删除{reason and '：' + reason}", actor)


@transaction.atomic
def restore(instance: SoftDeleteModel, actor: Actor):
    before = instance.snapshot()
    instance.deleted_at = None
    instance.version += 1
    instance.save(update_fields=["deleted_at", "version", "last_updated"])
    record_change(instance, ChangeAction.RESTORE, before, instance.snapshot(), actor)
    emit_event(instance, "object.restored", "恢复", actor)


def history(obj) -> Iterable[ObjectChange]:
    """The object's own changes and those of its children (rows whose change_log_parent is obj)."""
    from django.db.models import Q

    ct = ContentType.objects.get_for_model(type_of(obj))
    return ObjectChange.objects.filter(
        Q(content_type=ct, object_id=obj.pk) | Q(related_content_type=ct, related_object_id=obj.pk)
    ).select_related("content_type")


def timeline(obj):
    ct = ContentType.objects.get_for_model(type_of(obj))
    return BusinessEvent.objects.filter(content_type=ct, object_id=obj.pk)
