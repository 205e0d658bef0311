"""gaoxin zone init --name NAME [--short-name S] [--division CODE]"""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from gaoxin.core.context import Actor
from gaoxin.organization.onboarding_actions import init_zone


class Command(BaseCommand):
    help = "园区上线：在空数据库中创建园区、管委会和三员（系统、安全、审计管理员）账号。Set up a zone."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="初始化园区（仅限空数据库）")
        init.add_argument("--name", required=True, help="园区全称，如“江城高新技术产业开发区”")
        init.add_argument("--short-name", default="", help="简称，如“江城高新区”（管委会名称用简称）")
        init.add_argument("--division", default="", help="6 位行政区划代码，如 420100")

    def handle(self, *args, **options):
        try:
            zone, passwords = init_zone(
                options["name"],
                Actor.system(note="zone init"),
                short_name=options["short_name"],
                division_code=options["division"],
            )
        except ValidationError as exc:
            self.stderr.write(self.style.ERROR("；".join(_messages(exc))))
            sys.exit(1)
        root = zone.units.get(parent=None)
        out = self.stdout
        out.write(self.style.SUCCESS(f"已初始化园区：{zone.name}（{root.name}）"))
        out.write("\n三员账号及一次性密码（仅显示这一次，请当面交付本人；首次登录须修改密码）：")
        for username, password in passwords.items():
            out.write(f"  {username:<10}{password}")
        out.write(
            "\n下一步：以 sysadmin 登录维护组织机构和人员（或 gaoxin import units / people），"
            "由 secadmin 审批角色；详见 README“上线步骤”。"
        )


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(exc.messages)
