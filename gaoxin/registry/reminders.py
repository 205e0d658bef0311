"""Qualification expiry reminders for `gaoxin notify due`: within ``EXPIRING_DAYS`` of a qualification's
end, the enterprise's own users and its 包联干部 are told once (re-application takes months)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from gaoxin.notifications.actions import notify

from .filtersets import filter_status
from .models import EnterpriseAccount, Qualification


def remind(zone, today: dt.date, actor) -> dict[str, int]:
    in_zone = Qualification.objects.filter(
        Q(enterprise__unit__zone=zone) | Q(enterprise__unit__isnull=True), enterprise__deleted_at__isnull=True
    )
    expiring = filter_status(in_zone, "expiring", today)
    expiring = expiring.select_related("enterprise__liaison")
    accounts: dict[int, list] = {}
    for account in EnterpriseAccount.objects.filter(
        enterprise__in=expiring.values("enterprise")
    ).select_related("user"):
        accounts.setdefault(account.enterprise_id, []).append(account.user)
    sent = 0
    for qualification in expiring:
        enterprise = qualification.enterprise
        left = (qualification.expires_on - today).days
        sent += len(
            notify(
                [enterprise.liaison, *accounts.get(enterprise.pk, [])],
                kind="registry.qualification_expiring",
                title=f"{enterprise.name}：{qualification.get_kind_display()}资质{left}天后到期",
                body=f"有效期至 {qualification.expires_on:%Y-%m-%d}，请及早准备重新认定",
                url=reverse("registry:enterprise_detail", args=[enterprise.pk]),
                actor=actor,
                dedupe_key=f"qualification_expiring:{qualification.pk}:{qualification.expires_on:%Y-%m-%d}",
            )
        )
    return {"资质即将到期": sent}
