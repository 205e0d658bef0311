from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from gaoxin.engine.units import format_fen
from gaoxin.web.tables import Column, Table


def _fen(v):
    return format_fen(v) if v is not None else "—"


def _badge(verdict: str) -> str:
    color = {"符合": "green", "不符合": "red", "数据不足": "yellow"}.get(verdict, "secondary")
    return format_html('<span class="badge bg-{}-lt">{}</span>', color, verdict)


def _policy_link(p):
    return format_html('<a href="{}">{}</a>', reverse("policies:policy", args=[p.pk]), p.name)


POLICY_TABLE = Table(
    [
        Column("code", "政策编号", order_by="code"),
        Column("name", "政策名称", accessor=_policy_link, order_by="name"),
        Column("doc_no", "文号"),
        Column("level", "层级", order_by="level"),
        Column("department", "牵头部门", accessor="department.name"),
        Column(
            "effective",
            "有效期",
            accessor=lambda p: f"{p.effective_from or '—'} 至 {p.effective_to or '长期'}",
        ),
        Column("clauses", "条款数", accessor=lambda p: p.clauses.count(), align="end"),
        Column("status", "状态", order_by="status"),
    ],
    default_order="-effective_from",
)


def _result(m):
    if m.excluded:
        return m.excluded
    return m.gap_text or m.missing or "—"


MATCH_TABLE = Table(
    [
        Column("enterprise", "企业", accessor="enterprise.name", order_by="enterprise__name"),
        Column("uscc", "统一社会信用代码", accessor="enterprise.uscc"),
        Column("policy", "政策", accessor="clause.policy.code"),
        Column("clause", "条款", accessor="clause.name"),
        Column("mode", "兑现方式", accessor="clause.mode"),
        Column("verdict", "结论", accessor=lambda m: _badge(m.verdict), order_by="verdict"),
        Column("amount", "金额", accessor="amount_fen", format=_fen, order_by="amount_fen", align="end"),
        Column("detail", "差距 / 缺少数据", accessor=_result),
        Column("year", "年度", order_by="year"),
    ],
    default_order="-amount_fen",
)


def _claim_link(c):
    return format_html('<a href="{}">{}</a>', reverse("policies:claim", args=[c.pk]), c.enterprise.name)


CLAIM_TABLE = Table(
    [
        Column(
            "pick",
            "",
            accessor=lambda c: format_html(
                '<input class="form-check-input" type="checkbox" name="ids" value="{}" form="batch-form">',
                c.pk,
            ),
        ),
        Column("enterprise", "企业", accessor=_claim_link, order_by="enterprise__name"),
        Column("clause", "条款", accessor="clause.name"),
        Column("fund", "资金池", accessor="fund.name"),
        Column(
            "claimed", "测算金额", accessor="claimed_fen", format=_fen, order_by="claimed_fen", align="end"
        ),
        Column("approved", "核定金额", accessor="approved_fen", format=_fen, align="end"),
        Column("status", "状态", accessor=lambda c: c.get_status_display(), order_by="status"),
        Column("publicity", "公示截止", accessor="publicity_to"),
        Column("year", "年度", order_by="year"),
    ],
    default_order="-pk",
)

LEDGER_HEADERS = [
    "统一社会信用代码", "企业名称", "所属单位", "政策编号", "政策名称", "条款", "牵头部门", "资金池", "年度",
    "核定金额（元）", "分级承担", "核定人", "核定日期", "拨付日期", "拨付凭证号",
]  # fmt: skip


def ledger_row(c) -> list:
    from gaoxin.core.money import from_fen

    shares = "；".join(f"{k} {from_fen(v)}元" for k, v in (c.shares_fen or {}).items())
    p = c.clause.policy
    return [
        c.enterprise.uscc, c.enterprise.name, c.enterprise.unit.name if c.enterprise.unit_id else "未分配", p.code, p.name, c.clause.name,
        p.department.name if p.department else "", c.fund.name if c.fund else "", c.year, from_fen(c.approved_fen),
        shares, c.approved_by, c.approved_on, c.paid_on, c.voucher_no,
    ]  # fmt: skip
