"""List tables of the registry pages."""

from __future__ import annotations

from gaoxin.core.masking import shown
from gaoxin.core.money import format_money
from gaoxin.web.tables import Column, Table


def _money(value):
    return format_money(value)


def enterprise_table(user) -> Table:
    return Table(
        [
            Column("name", "企业名称", link="registry:enterprise_detail", order_by="name"),
            Column("uscc", "统一社会信用代码", order_by="uscc"),
            Column(
                "unit",
                "所属单位",
                accessor=lambda e: e.unit.name if e.unit_id else "未分配",
                order_by="unit__path",
            ),
            Column("industry", "行业", accessor=lambda e: f"{e.industry_code} {e.industry_name}".strip()),
            Column(
                "liaison", "包联干部", accessor=lambda e: e.liaison.display_name if e.liaison_id else None
            ),
            Column(
                "revenue",
                "营业收入（最新年度）",
                accessor="latest_revenue",
                order_by="latest_revenue",
                format=_money,
                align="end",
            ),  # fmt: skip
            Column(
                "phone",
                "联系电话",
                accessor=lambda e: shown("contact_phone", e.contact_phone, user),
            ),
        ],
        default_order="name",
    )


YEAR_TABLE = Table(
    [
        Column("enterprise", "企业名称", accessor="enterprise.name", order_by="enterprise__name"),
        Column("year", "年度", order_by="year"),
        Column("revenue", "营业收入", accessor="revenue", format=_money, align="end"),
        Column(
            "rd", "研究开发费用", accessor="rd_expense", order_by="rd_expense", format=_money, align="end"
        ),
        Column("employees", "职工总数", order_by="employees", align="end"),
        Column("tax", "纳税总额", accessor="tax_paid", order_by="tax_paid", format=_money, align="end"),
        Column("source", "来源", accessor=lambda y: y.get_source_display()),
    ],
    default_order="-year",
)

QUALIFICATION_TABLE = Table(
    [
        Column("enterprise", "企业名称", accessor="enterprise.name", order_by="enterprise__name"),
        Column("kind", "资质类型", accessor=lambda q: q.get_kind_display(), order_by="kind"),
        Column("level", "级别", accessor=lambda q: q.get_level_display(), order_by="level"),
        Column("certificate_no", "证书编号"),
        Column("granted_on", "认定日期", order_by="granted_on"),
        Column("expires_on", "有效期至", order_by="expires_on"),
    ],
    default_order="-granted_on",
)
