"""The policy library (政策文件, 条款, 资金池), the matches of each run (政策找人) and the 兑现 claims.

Money is stored as integer 分 (``*_fen`` BigIntegerFields), exactly as the engine computes it; pages show
it in 万元/亿元 through the ``fen`` filter. A clause's condition and amount are rule-language source
text, checked by the engine whenever they are saved.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Sum

from gaoxin.core.fields import EncryptedTextField
from gaoxin.core.models import TrackedModel

from .choices import COMMITTED, ClaimStatus, Level, Mode, Outcome, PolicyStatus


def _fen_field(label: str, **kw):
    return models.BigIntegerField(label, help_text="单位：分", **kw)


class Policy(TrackedModel):
    code = models.CharField("政策编号", max_length=40, unique=True)
    name = models.CharField("政策名称", max_length=200)
    doc_no = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文机关", max_length=100, blank=True)
    level = models.CharField("层级", max_length=4, choices=Level.choices, default=Level.DISTRICT)
    department = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="牵头部门",
    )  # fmt: skip
    effective_from = models.DateField("生效日期", null=True, blank=True)
    effective_to = models.DateField("失效日期", null=True, blank=True, help_text="含当日")
    status = models.CharField("状态", max_length=4, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT)
    text = models.TextField("政策全文", blank=True)
    attachment = models.FileField("附件", upload_to="policies/", blank=True)
    source = models.TextField("政策文件（YAML）", blank=True, help_text="最近一次载入的文件内容")

    class Meta:
        verbose_name = "政策文件"
        ordering = ["-effective_from", "code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def in_force(self, year: int) -> bool:
        from datetime import date

        start, end = date(year, 1, 1), date(year, 12, 31)
        return (self.effective_from is None or self.effective_from <= end) and (
            self.effective_to is None or start <= self.effective_to
        )


class Fund(TrackedModel):
    code = models.CharField("资金池编号", max_length=40, unique=True)
    name = models.CharField("资金池名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    budget_fen = _fen_field("预算")
    shares = models.JSONField(
        "分担比例", default=dict, help_text="{层级: 百万分比}，如 {市级: 500000, 区级: 500000}"
    )
    policy = models.ForeignKey(
        Policy,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funds",
        verbose_name="所属政策",
    )

    class Meta:
        verbose_name = "资金池"
        ordering = ["-year", "code"]

    def __str__(self):
        return self.name

    def committed_fen(self) -> int:
        return self.claims.filter(status__in=COMMITTED).aggregate(s=Sum("approved_fen"))["s"] or 0

    def paid_fen(self) -> int:
        return self.claims.filter(status=ClaimStatus.PAID).aggregate(s=Sum("approved_fen"))["s"] or 0

    def remaining_fen(self) -> int:
        return self.budget_fen - self.committed_fen()

    def share_text(self) -> str:
        return "、".join(f"{k} {Decimal(v) / 10_000:g}%" for k, v in self.shares.items())


class Clause(TrackedModel):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="clauses", verbose_name="政策")
    code = models.CharField("条款编号", max_length=40)
    name = models.CharField("条款名称", max_length=200)
    article = models.CharField("条文", max_length=50, blank=True)
    mode = models.CharField("兑现方式", max_length=4, choices=Mode.choices, default=Mode.AUTO)
    when = models.TextField("享受条件", help_text="规则语言，如 rd_expense[y-1] >= 500万元")
    amount = models.TextField(
        "支持金额", blank=True, help_text="金额表达式，如 min(rd_expense[y-1] * 5%, 100万元)"
    )
    cap_fen = _fen_field("年度上限", null=True, blank=True)
    group = models.CharField("互斥组", max_length=40, blank=True, help_text="同组条款从高不重复")
    gap_input = models.CharField("差距项", max_length=60, blank=True)
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.SET_NULL, related_name="clauses", verbose_name="资金池"
    )
    window_from = models.DateField("申报开始", null=True, blank=True)
    window_to = models.DateField("申报截止", null=True, blank=True)
    materials = models.JSONField("申报材料", default=list, blank=True)
    confirm_departments = models.JSONField("确认部门", default=list, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    change_log_parent = "policy"

    class Meta:
        verbose_name = "政策条款"
        ordering = ["policy", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["policy", "code"], name="policies_clause_code")]

    def __str__(self):
        return f"{self.name}（{self.policy.code}/{self.code}）"

    @property
    def key(self) -> str:
        return f"{self.policy.code}/{self.code}"


class MatchRun(models.Model):
    year = models.PositiveSmallIntegerField("享受年度", db_index=True)
    policy = models.ForeignKey(
        Policy, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="政策",
        help_text="空：全部在有效期内的已发布政策",
    )  # fmt: skip
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    user_name = models.CharField("执行人", max_length=150)
    enterprise_count = models.PositiveIntegerField("企业数", default=0)
    clause_count = models.PositiveIntegerField("条款数", default=0)
    matched = models.PositiveIntegerField("符合条数", default=0)
    amount_fen = _fen_field("符合金额合计", default=0)
    stored = models.PositiveIntegerField("保存条数", default=0)
    seconds = models.FloatField("耗时（秒）", null=True, blank=True)

    class Meta:
        verbose_name = "政策匹配批次"
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.year} 年度政策匹配（{self.started_at:%Y-%m-%d %H:%M}）"


class Match(models.Model):
    """One enterprise × clause of the latest run of a year: 符合 (with the amount), 数据不足 (with the
    missing fields), or a near miss (不符合 with the gap). Written in bulk; the run is the audit fact."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="+", verbose_name="匹配批次")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="policy_matches", verbose_name="企业"
    )
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="matches", verbose_name="条款")
    year = models.PositiveSmallIntegerField("享受年度")
    verdict = models.CharField("结论", max_length=4, choices=Outcome.choices)
    amount_fen = _fen_field("金额", null=True, blank=True)
    gap_fen = _fen_field("差距（分）", null=True, blank=True)
    gap_text = models.CharField("差距", max_length=200, blank=True)
    missing = models.TextField("缺少数据", blank=True)
    excluded = models.CharField("从高不重复", max_length=200, blank=True)

    class Meta:
        verbose_name = "政策匹配结果"
        indexes = [
            models.Index(fields=["year", "clause", "verdict"], name="policies_match_clause"),
            models.Index(fields=["enterprise", "year"], name="policies_match_ent"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.clause.name}：{self.verdict}"

    @property
    def payable(self) -> bool:
        return self.verdict == Outcome.MATCH and not self.excluded


class Claim(TrackedModel):
    """One enterprise's 兑现 of one clause for one year, from 意愿确认 (免申即享) or 申报 to 拨付."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="policy_claims", verbose_name="企业"
    )
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="claims", verbose_name="条款")
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="claims", verbose_name="资金池"
    )
    year = models.PositiveSmallIntegerField("享受年度")
    status = models.CharField(
        "状态", max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.CONFIRMED
    )
    claimed_fen = _fen_field("测算金额")
    approved_fen = _fen_field("核定金额", null=True, blank=True)
    reduction_reason = models.CharField("核减理由", max_length=300, blank=True)
    bank_name = models.CharField("开户银行", max_length=100)
    bank_account = EncryptedTextField("银行账号")  # encrypted at rest (core/crypto.py)
    account_name = models.CharField("账户名称", max_length=200)
    materials_note = models.TextField("申报说明与材料", blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    reviewed_by = models.CharField("审核人", max_length=150, blank=True)
    publicity_from = models.DateField("公示开始", null=True, blank=True)
    publicity_to = models.DateField("公示截止", null=True, blank=True)
    approved_by = models.CharField("核定人", max_length=150, blank=True)
    approved_on = models.DateField("核定日期", null=True, blank=True)
    paid_on = models.DateField("拨付日期", null=True, blank=True)
    voucher_no = models.CharField("拨付凭证号", max_length=60, blank=True)
    shares_fen = models.JSONField("分级承担（分）", default=dict, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="确认人",
    )  # fmt: skip

    change_log_parent = "enterprise"

    class Meta:
        verbose_name = "政策兑现"
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "clause", "year"], name="policies_claim_unique")
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.clause.name}（{self.year}）"
