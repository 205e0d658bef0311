"""Economic monitoring (经济运行监测): indicators, their observations per unit and period, and targets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from gaoxin.core.models import TrackedModel

from .choices import UNITS, Frequency, IndicatorKind, PriceBasis, RankBy, TargetLevel
from .fields import ExactDecimalField
from .periods import PeriodError, parse_period


class Indicator(TrackedModel):
    zone = models.ForeignKey("organization.Zone", on_delete=models.PROTECT, verbose_name="园区")
    code = models.CharField("指标编码", max_length=30)
    name = models.CharField("指标名称", max_length=100)
    unit = models.CharField("计量单位", max_length=10, choices=[(u, u) for u in UNITS])
    kind = models.CharField("指标类型", max_length=4, choices=IndicatorKind.choices)
    frequency = models.CharField("频率", max_length=2, choices=Frequency.choices, default=Frequency.MONTHLY)
    definition = models.TextField("口径说明", blank=True)
    department = models.CharField("数据来源部门", max_length=60, blank=True)
    price_basis = models.CharField(
        "价格口径", max_length=4, choices=PriceBasis.choices, default=PriceBasis.CURRENT
    )
    higher_is_better = models.BooleanField("数值越大越好", default=True)
    formula = models.TextField(
        "派生公式",
        blank=True,
        help_text="规则语言的条件，统计符合条件的企业数，如 sales_revenue[y] >= 10亿元",
    )
    rank_by = models.CharField("排名依据", max_length=12, choices=RankBy.choices, default=RankBy.YOY)
    alert_yoy_below = ExactDecimalField(
        "同比预警线", null=True, blank=True, help_text="同比低于此值（小数，如 0 表示负增长）时预警"
    )
    alert_value_below = ExactDecimalField(
        "数值预警线", null=True, blank=True, help_text="累计值（或期末值）低于此值时预警"
    )
    order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "指标"
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["zone", "code"], name="indicator_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.kind == IndicatorKind.DERIVED and not self.formula.strip():
            raise ValidationError({"formula": "派生指标须填写派生公式"})
        if self.formula.strip():
            from .derived import check_formula

            error = check_formula(self.formula)
            if error:
                raise ValidationError({"formula": error})

    @property
    def reported_growth_only(self) -> bool:
        """比率 and 可比价 indicators: 同比 is as reported, never recomputed from the figures."""
        return self.kind == IndicatorKind.RATE or self.price_basis == PriceBasis.COMPARABLE


class Observation(TrackedModel):
    """One reported figure set of an indicator for a unit and period. A revision is a new row; the row it
    replaces stays, marked superseded, so every period keeps its history and sources."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", verbose_name="指标"
    )
    unit = models.ForeignKey(
        "organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    period = models.CharField("期间", max_length=8)
    year = models.PositiveSmallIntegerField("年度", editable=False)
    months = models.PositiveSmallIntegerField("截至月数", editable=False)
    month_value = ExactDecimalField("当月值", null=True, blank=True)
    cumulative_value = ExactDecimalField("累计值", null=True, blank=True)
    prior_cumulative = ExactDecimalField("上年同期累计值", null=True, blank=True)
    reported_yoy = ExactDecimalField("同比（报送）", null=True, blank=True)
    source_file = models.CharField("来源文件", max_length=255, blank=True)
    source_row = models.PositiveIntegerField("来源行号", null=True, blank=True)
    batch = models.ForeignKey(
        "transfer.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="导入批次",
    )
    revision = models.PositiveSmallIntegerField("修订次数", default=0)
    is_current = models.BooleanField("现行数据", default=True)

    change_log_parent = "indicator"

    class Meta:
        verbose_name = "指标数据"
        ordering = ["indicator", "unit", "year", "months", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"],
                condition=Q(is_current=True),
                name="observation_current_unique",
            )
        ]
        indexes = [models.Index(fields=["indicator", "year", "is_current"], name="indicators_obs_year")]

    def __str__(self):
        return f"{self.indicator.code} {self.period}"

    def fill_period(self) -> None:
        period = parse_period(self.period)
        self.period, self.year, self.months = period.code, period.year, period.months

    def save(self, *args, **kwargs):
        self.fill_period()
        super().save(*args, **kwargs)

    def clean(self):
        try:
            parse_period(self.period)
        except PeriodError as exc:
            raise ValidationError({"period": str(exc)})


class Target(TrackedModel):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name="指标"
    )
    unit = models.ForeignKey(
        "organization.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    year = models.PositiveSmallIntegerField("年度")
    value = ExactDecimalField("目标值")
    level = models.CharField("下达单位", max_length=4, choices=TargetLevel.choices)
    source_file = models.CharField("来源文件", max_length=255, blank=True)
    source_row = models.PositiveIntegerField("来源行号", null=True, blank=True)

    change_log_parent = "indicator"

    class Meta:
        verbose_name = "指标目标"
        ordering = ["indicator", "unit", "year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year", "level"], name="target_level_unique")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year} {self.level}"
