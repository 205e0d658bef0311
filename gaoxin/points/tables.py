from __future__ import annotations

from django.utils.html import format_html, format_html_join

from gaoxin.web.tables import Column, Table


def pct(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def breakdown_html(score) -> str:
    """Every score shows what it is made of: indicator, value and points."""
    items = score.breakdown or []
    if not items:
        return "—"
    rows = ((i.get("name") or i.get("indicator", ""), _num(i.get("contribution"))) for i in items)
    return format_html('<span class="small">{}</span>', format_html_join("；", "{} {}", rows))


def _num(value) -> str:
    return "—" if value is None else f"{value:.2f}"


SCORE_TABLE = Table(
    [
        Column("rank", "排名", order_by="rank", align="end"),
        Column("enterprise", "企业", accessor="enterprise.name", order_by="enterprise__name"),
        Column("uscc", "统一社会信用代码", accessor="enterprise.uscc"),
        Column("points", "创新积分", order_by="points", align="end", format=lambda v: f"{v:.2f}"),
        Column("percentile", "百分位", order_by="percentile", align="end", format=pct),
        Column(
            "complete",
            "数据完整",
            accessor=lambda s: (
                "是" if s.complete else format_html('<span class="text-danger">{}</span>', "否")
            ),
        ),
        Column("breakdown", "积分构成", accessor=breakdown_html),
        Column("year", "年度", order_by="year"),
    ],
    default_order="rank",
)

ENTRY_HEADERS = ["排名", "统一社会信用代码", "企业名称", "创新积分", "百分位"]


def entry_row(e) -> list:
    return [
        getattr(e, "position", e.rank),
        e.uscc,
        e.name,
        e.points,
        None if e.percentile is None else round(e.percentile, 2),
    ]


def breakdown_text(score) -> str:
    return "；".join(
        f"{i.get('name') or i.get('indicator', '')} {_num(i.get('contribution'))}"
        for i in score.breakdown or []
    )
