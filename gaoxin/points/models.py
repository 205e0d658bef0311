"""Innovation points (创新积分) per enterprise and year, reference tables, and the loan whitelist.

Published whitelist versions, their entries and their diff rows are append-only: a version once
published is never changed (banks rely on it); a new publication is a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gaoxin.core.models import AppendOnlyModel


class ReferenceTable(models.Model):
    """An imported reference population (e.g. the 火炬中心 标准分对照库) stored as Parquet."""

    name = models.CharField("名称", max_length=100)
    year = models.PositiveSmallIntegerField("适用年度")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.CharField("上传人", max_length=150)
    rows = models.PositiveIntegerField("行数", default=0)
    data = models.BinaryField("数据（Parquet）")

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "积分参照表"

    def __str__(self):
        return f"{self.name}（{self.year} 年度，{self.rows} 行）"


class PointsRun(models.Model):
    year = models.PositiveSmallIntegerField("积分年度", db_index=True)
    started_at = models.DateTimeField("计算时间", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="执行人",
    )  # fmt: skip
    user_name = models.CharField("执行人姓名", max_length=150)
    reference = models.ForeignKey(
        ReferenceTable,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="参照表",
    )
    count = models.PositiveIntegerField("企业数", default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "积分计算批次"

    @property
    def reference_label(self) -> str:
        return str(self.reference) if self.reference_id else "本区企业"


class Score(models.Model):
    """One enterprise's points for a year (the latest run replaces the year's scores)."""

    run = models.ForeignKey(PointsRun, on_delete=models.CASCADE, related_name="+", verbose_name="计算批次")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="innovation_scores", verbose_name="企业"
    )
    year = models.PositiveSmallIntegerField("积分年度")
    points = models.FloatField("创新积分")
    percentile = models.FloatField("百分位", null=True, blank=True, help_text="0–100，在参照群体中的位置")
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    stage = models.CharField("发展阶段", max_length=10, blank=True, default="")
    dishonest_listed = models.BooleanField("上年度列入失信名单", null=True, blank=True)
    major_incident = models.BooleanField("上年度发生重大事故", null=True, blank=True)
    complete = models.BooleanField("数据完整", default=True)
    missing = models.TextField("缺少数据", blank=True, default="")
    breakdown = models.JSONField("积分构成", default=list)

    class Meta:
        verbose_name = "创新积分"
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="points_score_unique")]
        indexes = [
            models.Index(fields=["year", "-points"], name="points_score_year_points"),
            models.Index(fields=["year", "rank", "id"], name="points_score_year_rank"),  # the list's order
        ]


class WhitelistVersion(AppendOnlyModel):
    """A published loan whitelist (火炬贷 / 谷e贷 style). ``time`` is the publication time."""

    number = models.PositiveIntegerField("版本号", unique=True)
    year = models.PositiveSmallIntegerField("积分年度")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="发布人",
    )  # fmt: skip
    publisher_name = models.CharField("发布人姓名", max_length=150)
    note = models.CharField("发布说明", max_length=500, blank=True)
    rules = models.JSONField("入选规则", default=dict)
    entry_count = models.PositiveIntegerField("入选企业数", default=0)
    added_count = models.PositiveIntegerField("新增", default=0)
    removed_count = models.PositiveIntegerField("移出", default=0)

    class Meta:
        ordering = ["-number"]
        verbose_name = "白名单版本"

    def __str__(self):
        return f"第 {self.number} 版白名单（{self.time:%Y-%m-%d}）"


class WhitelistEntry(AppendOnlyModel):
    version = models.ForeignKey(
        WhitelistVersion, on_delete=models.PROTECT, related_name="entries", verbose_name="版本"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="企业"
    )
    uscc = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("企业名称", max_length=200)
    points = models.FloatField("创新积分")
    percentile = models.FloatField("百分位", null=True)
    rank = models.PositiveIntegerField("排名", null=True)

    class Meta:
        ordering = ["rank", "uscc"]
        verbose_name = "白名单企业"


class WhitelistChange(AppendOnlyModel):
    """The diff of a version from the previous one: who was added or removed, and why."""

    version = models.ForeignKey(
        WhitelistVersion, on_delete=models.PROTECT, related_name="changes", verbose_name="版本"
    )
    uscc = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("企业名称", max_length=200)
    change = models.CharField("变化", max_length=10, choices=[("added", "新增"), ("removed", "移出")])
    reason = models.CharField("原因", max_length=300)

    class Meta:
        ordering = ["change", "uscc"]
        verbose_name = "白名单变化"
