"""``gaoxin admin``: the installer's commands for the three administrator accounts (三员分立).

The administrator roles (sysadmin, secadmin, auditor) are set only here, by whoever runs the server —
never through a page or the API, so no administrator can grant himself another's powers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from gaoxin.core.context import Actor
from gaoxin.organization import actions, factor_actions
from gaoxin.organization.choices import ADMIN_ROLES


class Command(BaseCommand):
    help = (
        "管理员账号（三员）：assign USERNAME ROLE 设置系统/安全/审计管理员角色（或 pending 收回）；"
        "reset-2fa USERNAME 重置账号丢失的双因素认证（身份验证器和恢复码），下次登录须重新绑定"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        assign = sub.add_parser("assign", help="设置管理员角色：sysadmin / secadmin / auditor / pending")
        assign.add_argument("username")
        assign.add_argument("role", choices=sorted(ADMIN_ROLES) + ["pending"])
        reset = sub.add_parser("reset-2fa", help="重置双因素认证：移除身份验证器和恢复码（任何账号）")
        reset.add_argument("username")

    def handle(self, *args, op, **options):
        from gaoxin.organization.models import User

        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"账号 {options['username']} 不存在")
        actor = Actor.system(note="gaoxin admin")
        try:
            if op == "assign":
                actions.assign_role(user, options["role"], actor)
                self.stdout.write(f"已将 {user.username} 的角色设为 {user.get_role_display()}")
            elif op == "reset-2fa":
                removed = factor_actions.reset_second_factor(
                    user, Actor.system(note="安装人员（gaoxin admin reset-2fa）")
                )
                self.stdout.write(
                    f"已重置 {user.username} 的双因素认证（移除 {removed} 项）；"
                    "该账号下次登录须重新绑定身份验证器，此前签发的 API 令牌不再有效"
                )
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)])))
