"""gaoxin whitelist publish [--note …] [--year Y]"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "发布贷款白名单：按入选规则生成名单，保存为不可修改的新版本并记录与上一版的差异"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        publish = sub.add_parser("publish", help="发布新版本")
        publish.add_argument("--note", default="", help="发布说明")
        publish.add_argument("--year", type=int, help="积分年度（默认最新）")

    def handle(self, *args, op, note="", year=None, **opts):
        from gaoxin.core.context import Actor
        from gaoxin.organization.zones import current_zone
        from gaoxin.points.actions import publish_whitelist

        current_zone()
        try:
            version = publish_whitelist(Actor.system("whitelist"), note, year)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages))
        self.stdout.write(
            f"已发布第 {version.number} 版白名单：{version.entry_count} 家（新增 {version.added_count}，移出 {version.removed_count}）"
        )
