from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from gaoxin.web.tables import Column, Table

from .choices import RULES

BADGE = {"符合": "bg-green", "不符合": "bg-red", "数据不足": "bg-secondary"}


def verdict_badge(verdict: str | None) -> str:
    if not verdict:
        return "—"
    return format_html('<span class="badge {} text-white">{}</span>', BADGE.get(verdict, ""), verdict)


def distance_text(distance) -> str:
    return "—" if distance is None else f"{distance * 100:.1f}%"


def enterprise_link(v) -> str:
    url = reverse("assessment:enterprise", args=[v.enterprise_id]) + f"?year={v.year}"
    return format_html('<a href="{}">{}</a>', url, v.enterprise.name)


def score_text(v) -> str:
    if v.score is not None:
        return str(v.score)
    if v.score_min is not None:
        return f"{v.score_min}–{v.score_max}"
    return "—"


VERDICT_TABLE = Table(
    [
        Column("enterprise", "企业", accessor=enterprise_link, order_by="enterprise__name"),
        Column("uscc", "统一社会信用代码", accessor="enterprise.uscc"),
        Column("rule", "资质", accessor=lambda v: RULES.get(v.rule, v.rule), order_by="rule"),
        Column("verdict", "结论", format=verdict_badge, order_by="verdict"),
        Column("score", "得分", accessor=score_text, order_by="score", align="end"),
        Column("distance", "相对差距", format=distance_text, order_by="distance", align="end"),
        Column(
            "missing",
            "缺少数据",
            accessor=lambda v: (v.missing[:40] + "…") if len(v.missing) > 40 else v.missing,
        ),
        Column("year", "评估年度", order_by="year"),
    ],
    default_order="distance",
)

EXPORT_COLUMNS = [
    ("企业名称", lambda v: v.enterprise.name),
    ("统一社会信用代码", lambda v: v.enterprise.uscc),
    ("评估年度", lambda v: v.year),
    ("资质", lambda v: RULES.get(v.rule, v.rule)),
    ("规则版本", lambda v: v.version),
    ("结论", lambda v: v.verdict),
    ("得分", lambda v: v.score),
    ("得分下限", lambda v: v.score_min),
    ("得分上限", lambda v: v.score_max),
    ("相对差距", lambda v: None if v.distance is None else round(v.distance, 4)),
    ("缺少数据", lambda v: v.missing),
]
