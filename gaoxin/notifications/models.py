"""Per-person messages (消息中心). One row per recipient, so each person reads and clears their own."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .kinds import label


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="接收人",
    )
    kind = models.CharField("类型", max_length=60)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    actor_name = models.CharField("发送人", max_length=100, blank=True)
    #: Repeated reminders (the daily ``notify due`` run) carry a key so one fact is sent once.
    dedupe_key = models.CharField("去重键", max_length=200, blank=True, db_index=True)
    created = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created"], name="notif_inbox")]

    def __str__(self):
        return self.title

    @property
    def kind_label(self) -> str:
        return label(self.kind)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """What an optional channel (e-mail, webhook) did with a message: the administrator sees failures."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name="消息"
    )
    channel = models.CharField("渠道", max_length=20)
    target = models.CharField("发送目标", max_length=500, blank=True)
    ok = models.BooleanField("成功", default=False)
    detail = models.CharField("说明", max_length=500, blank=True)
    time = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "消息投递"
        ordering = ["-time", "-pk"]
