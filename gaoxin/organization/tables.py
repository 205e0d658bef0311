"""The table of the people list (人员管理)."""

from __future__ import annotations

from gaoxin.core.masking import NOBODY, shown
from gaoxin.web.tables import Column, Table

USER_TABLE = Table(
    [
        Column("username", "账号", order_by="username", link="organization:person_edit"),
        Column("full_name", "姓名", order_by="full_name"),
        Column("role", "角色", accessor=lambda u: u.get_role_display(), order_by="role"),
        Column("unit", "单位", accessor="unit.name", order_by="unit__path"),
        Column(
            "phone", "手机号", accessor=lambda u: shown("phone", u.phone, NOBODY)
        ),  # its readers lack personal_data.view
        Column(
            "locked",
            "状态",
            accessor=lambda u: "已锁定" if u.is_locked else ("停用" if not u.is_active else "正常"),
        ),
    ],
    default_order="username",
)
