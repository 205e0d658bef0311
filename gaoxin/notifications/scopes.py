"""Whose messages a person sees: only their own."""

from __future__ import annotations

from .models import Notification


def inbox(user):
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()
