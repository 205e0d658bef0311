"""Published rankings (红黑榜, 骏马奖/蜗牛奖) — immutable snapshots kept with their inputs — and exemptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gaoxin.core.models import AppendOnlyModel, TrackedModel

from ..choices import RankingKind, RankingSeries


class RankingSnapshot(AppendOnlyModel):
    """A published list. Written once: updates and deletes are refused (AppendOnlyModel)."""

    zone = models.ForeignKey("organization.Zone", on_delete=models.PROTECT, verbose_name="园区")
    kind = models.CharField("榜单类型", max_length=10, choices=RankingKind.choices)
    series = models.CharField("序列", max_length=12, choices=RankingSeries.choices)
    period = models.CharField("期次", max_length=10, help_text="2026-05 / 2026-Q2 / 2026")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="发布人",
    )
    published_by_name = models.CharField("发布人姓名", max_length=150)
    rules = models.JSONField("评分规则")
    inputs = models.JSONField("评分输入（逐项目）")
    results = models.JSONField("排名结果（逐单位）")

    class Meta:
        verbose_name = "已发布榜单"
        ordering = ["-period", "series"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "kind", "series", "period"], name="ranking_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.period} {self.get_kind_display()}（{self.get_series_display()}）"


class Exemption(TrackedModel):
    """A unit exempted from a period's negative list (黑榜/蜗牛奖) for force majeure."""

    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, verbose_name="单位")
    period = models.CharField("期次", max_length=10)
    reason = models.CharField("不可抗力原因", max_length=500)

    class Meta:
        verbose_name = "榜单豁免"
        unique_together = [("unit", "period")]

    def __str__(self):
        return f"{self.unit} {self.period}"


class ZoneMap(TrackedModel):
    """The zone boundary (GeoJSON) drawn under the project map via echarts.registerMap."""

    zone = models.OneToOneField("organization.Zone", on_delete=models.CASCADE, verbose_name="园区")
    geojson = models.JSONField("边界 GeoJSON")

    class Meta:
        verbose_name = "园区边界"
