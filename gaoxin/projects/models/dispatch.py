"""Dispatch reports (调度): each project reports every week or month, with photos."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gaoxin.core.fields import MoneyField
from gaoxin.core.models import TrackedModel

from ..choices import Cadence


class DispatchReport(TrackedModel):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="reports", verbose_name="项目"
    )
    cadence = models.CharField("调度频次", max_length=10, choices=Cadence.choices)
    period_start = models.DateField("调度期起")
    period_end = models.DateField("调度期止")
    period_investment = MoneyField("本期完成投资（元）")
    cumulative_investment = MoneyField("累计完成投资（元）")
    progress = models.TextField("形象进度")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="填报人",
    )
    submitted_on = models.DateField("填报日期")
    on_time = models.BooleanField("按时填报", default=True)
    # Until the department confirms the report, its filer may correct it (a typo in an amount).
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="确认人",
    )  # fmt: skip
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    change_log_parent = "project"

    class Meta:
        verbose_name = "调度报告"
        ordering = ["-period_start", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period_start"], name="dispatch_one_per_period")
        ]
        indexes = [
            models.Index(fields=["period_start", "project"]),
            # project first: sums per project over a date range stay index range scans whatever the plan
            models.Index(fields=["project", "period_end"], name="dispatch_project_period_end"),
        ]

    def __str__(self):
        return f"{self.project.name} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.cadence == Cadence.MONTHLY:
            return f"{self.period_start:%Y年%m月}"
        year, week, _ = self.period_start.isocalendar()
        return f"{year}年第{week}周"


class ReportPhoto(models.Model):
    report = models.ForeignKey(DispatchReport, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("现场照片", upload_to="projects/photos/%Y/%m/")
    content_type = models.CharField("文件类型", max_length=30)
    size = models.PositiveIntegerField("文件大小（字节）")
    caption = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "调度照片"
