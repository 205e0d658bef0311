"""gaoxin notify due [--today YYYY-MM-DD]: send the day's reminders (调度填报 due and overdue, 资质即将到期).
Run it once a day (cron or a systemd timer, see docs/notifications.md); repeated runs send nothing twice."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gaoxin.core.context import Actor
from gaoxin.notifications.reminders import send_due
from gaoxin.organization.models import Zone
from gaoxin.organization.zones import current_zone


class Command(BaseCommand):
    help = "消息提醒：发送到期提醒（调度填报将到期/已逾期、资质即将到期）。Send the day's reminders."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["due"], help="due：发送到期提醒")
        parser.add_argument("--today", help="按此日期计算（YYYY-MM-DD，默认：今天，Asia/Shanghai）")

    def handle(self, *args, **options):
        current_zone()  # an empty database: "尚未初始化园区…", exit 1
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期格式不正确：{options['today']}（应为 YYYY-MM-DD）")
        actor = Actor.system("到期提醒")
        for zone in Zone.objects.order_by("pk"):
            with transaction.atomic():
                sent = send_due(zone, today, actor)
            summary = "，".join(f"{label} {count} 条" for label, count in sent.items()) or "无"
            self.stdout.write(f"{zone.name}（{today}）：{summary}")
