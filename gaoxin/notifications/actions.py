"""Sending and reading messages. Every app notifies through ``notify``; nothing writes a Notification
row elsewhere.

    from gaoxin.notifications.actions import notify
    notify([problem.handler], kind="problems.assigned", title=f"问题已交办：{problem.title}",
           url=problem.get_absolute_url(), actor=actor)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gaoxin.core.context import Actor

from .kinds import KINDS
from .models import Notification


def notify(
    recipients: Iterable,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    actor: Actor | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Store one message per active recipient (the message centre) and, once the surrounding transaction
    commits, hand them to the optional channels (e-mail, webhook). The acting person is not told of their
    own act. With ``dedupe_key``, a recipient who already has a message with that key gets no second one
    (daily reminders)."""
    if kind not in KINDS:
        raise ValueError(f"unregistered notification kind {kind!r}")
    actor_user = actor.user if actor is not None else None
    people = _unique_active(recipients, skip=actor_user)
    if dedupe_key and people:
        already = set(
            Notification.objects.filter(dedupe_key=dedupe_key, recipient__in=people).values_list(
                "recipient_id", flat=True
            )
        )
        people = [p for p in people if p.pk not in already]
    if not people:
        return []
    rows = [
        Notification(
            recipient=p,
            kind=kind,
            title=title[:200],
            body=body,
            url=url[:500],
            actor_name=actor.name if actor is not None else "系统",
            dedupe_key=dedupe_key[:200],
        )
        for p in people
    ]
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created]
    transaction.on_commit(lambda: _deliver(ids))
    return created


def _unique_active(recipients: Iterable, skip=None) -> list:
    seen, people = set(), []
    for person in recipients:
        if person is None or not person.is_active or person.pk in seen:
            continue
        if skip is not None and person.pk == skip.pk:
            continue
        seen.add(person.pk)
        people.append(person)
    return people


def _deliver(ids: list[int]) -> None:
    from .channels import deliver

    rows = list(Notification.objects.filter(pk__in=ids).select_related("recipient__unit", "recipient__zone"))
    by_zone: dict = {}
    for n in rows:
        by_zone.setdefault(n.recipient.zone_id, []).append(n)
    for zone_id, group in by_zone.items():
        deliver(group, group[0].recipient.zone if zone_id else _first_zone())


def _first_zone():
    """The zone whose channels serve a recipient without one (the installer's accounts). Reached through
    the user model's ``zone`` field so that notifications stays below organization (no import cycle)."""
    zone_model = get_user_model()._meta.get_field("zone").related_model
    return zone_model.objects.order_by("pk").first()


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the person's own messages read (all unread ones when ``ids`` is None); returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
