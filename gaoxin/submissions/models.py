"""填报: a change to registry data reported by an enterprise or a street, waiting for the department's
review. It keeps what was reported (``changes``), what the record held then (``before``, for the diff)
and who reported and who reviewed it — the provenance of the value once approved."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gaoxin.core.models import TrackedModel

from .choices import Kind, Status


class Submission(TrackedModel):
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="submissions", verbose_name="企业"
    )
    kind = models.CharField("填报内容", max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    changes = models.JSONField("填报内容明细", default=dict, blank=True)
    before = models.JSONField("填报时原值", default=dict, blank=True)
    base_version = models.PositiveIntegerField("填报时版本", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填报人"
    )
    submitted_at = models.DateTimeField("填报时间", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="审核人",
    )  # fmt: skip
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reason = models.CharField("退回原因", max_length=500, blank=True)

    class Meta:
        verbose_name = "填报"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="submission_status_time")]

    def __str__(self):
        year = f" {self.year} 年度" if self.year else ""
        return f"{self.enterprise.name}{year}{self.get_kind_display()}填报"
