"""Delivery channels behind one interface. In-app delivery is the Notification row itself and always
happens; e-mail (Django's e-mail backend) and the group-robot webhook (企业微信 / 钉钉) are optional and
configured on the zone (``Zone.settings["notifications"]``):

    {"email": true,                                   # send to recipients who have an e-mail address
     "webhooks": {"<unit id>": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"}}

A webhook belongs to a unit: a message goes to the robot of the recipient's unit or of its nearest
ancestor that has one. A failing channel never undoes the business action — it leaves a failed
``Delivery`` row for the administrator.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail

from .models import Delivery, Notification

log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT_SECONDS = 5


def channel_settings(zone) -> dict:
    return (zone.setting("notifications", {}) if zone is not None else {}) or {}


class Channel:
    name = ""

    def send(self, notifications: list[Notification], config: dict) -> list[Delivery]:
        raise NotImplementedError


class InAppChannel(Channel):
    """The message centre: the stored row is the delivery."""

    name = "inapp"

    def send(self, notifications, config):
        return []


class EmailChannel(Channel):
    name = "email"

    def send(self, notifications, config):
        if not config.get("email"):
            return []
        deliveries = []
        for n in notifications:
            address = n.recipient.email
            if not address:
                continue
            try:
                send_mail(
                    f"【高新区运营平台】{n.title}",
                    _text(n, settings_base_url()),
                    None,
                    [address],
                )
            except Exception as exc:  # the mail server's failure must not undo the business action
                log.warning("e-mail to %s failed: %s", address, exc)
                deliveries.append(
                    Delivery(notification=n, channel=self.name, target=address, detail=str(exc)[:500])
                )
            else:
                deliveries.append(Delivery(notification=n, channel=self.name, target=address, ok=True))
        return deliveries


class WebhookChannel(Channel):
    """One robot-style JSON POST per unit group and message: {"msgtype": "text", "text": {"content": …}}
    — the text message format that both 企业微信 and 钉钉 group robots accept."""

    name = "webhook"

    def send(self, notifications, config):
        hooks = {str(k): v for k, v in (config.get("webhooks") or {}).items() if v}
        if not hooks:
            return []
        groups: dict[tuple[str, str], list[Notification]] = defaultdict(list)
        for n in notifications:
            url = _hook_for(n.recipient.unit, hooks)
            if url:
                groups[(url, n.title)].append(n)
        deliveries = []
        for (url, _title), members in groups.items():
            ok, detail = post_json(url, _robot_message(members))
            deliveries += [
                Delivery(notification=n, channel=self.name, target=_redacted(url), ok=ok, detail=detail)
                for n in members
            ]
        return deliveries


CHANNELS: tuple[Channel, ...] = (InAppChannel(), EmailChannel(), WebhookChannel())


def deliver(notifications: list[Notification], zone) -> list[Delivery]:
    config = channel_settings(zone)
    deliveries = []
    for channel in CHANNELS:
        deliveries += channel.send(notifications, config)
    return Delivery.objects.bulk_create(deliveries)


def post_json(url: str, payload: dict) -> tuple[bool, str]:
    if not url.startswith(("http://", "https://")):
        return False, "地址须以 http:// 或 https:// 开头"
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(2000).decode("utf-8", "replace")
    except Exception as exc:
        log.warning("webhook %s failed: %s", _redacted(url), exc)
        return False, str(exc)[:500]
    # Both robots answer HTTP 200 with {"errcode": 0, …}; another errcode is a refusal (bad key, rate limit).
    try:
        errcode = json.loads(body).get("errcode", 0)
    except (ValueError, AttributeError):
        errcode = 0
    return errcode == 0, body[:500]


def _hook_for(unit, hooks: dict) -> str | None:
    while unit is not None:
        if str(unit.pk) in hooks:
            return hooks[str(unit.pk)]
        unit = unit.parent
    return None


def _robot_message(members: list[Notification]) -> dict:
    first = members[0]
    names = "、".join(sorted({n.recipient.display_name for n in members}))
    content = f"【{first.kind_label}】{first.title}"
    if first.body:
        content += f"\n{first.body}"
    content += f"\n接收人：{names}"
    if first.url:
        content += f"\n{settings_base_url()}{first.url}"
    return {"msgtype": "text", "text": {"content": content}}


def _text(n: Notification, base: str) -> str:
    lines = [f"{n.kind_label}：{n.title}"]
    if n.body:
        lines.append(n.body)
    if n.url:
        lines.append(f"{base}{n.url}")
    return "\n\n".join(lines)


def settings_base_url() -> str:
    """Links in e-mails and robot messages: GAOXIN_BASE_URL (e.g. https://gaoxin.zone.gov.cn), else relative."""
    return getattr(settings, "GAOXIN_BASE_URL", "").rstrip("/")


def _redacted(url: str) -> str:
    # The robot key in the query string is a credential: never stored in full.
    return url.split("?", 1)[0][:500]
