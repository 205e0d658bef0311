from gaoxin.web.tables import Column, Table

INDICATOR_TABLE = Table(
    [
        Column("code", "指标编码", order_by="code", link="indicators:detail"),
        Column("name", "指标名称", order_by="name"),
        Column("unit", "计量单位"),
        Column("kind", "指标类型", order_by="kind"),
        Column("frequency", "频率"),
        Column("price_basis", "价格口径"),
        Column("department", "数据来源部门"),
        Column("formula", "派生公式"),
    ],
    default_order="order",
)
