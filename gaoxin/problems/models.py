"""The problem ledger (问题台账): problems raised by enterprises, liaisons or dispatch reports."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gaoxin.core.models import TrackedModel

from .choices import Category, CloseMode, ExtensionState, Severity, Source, State

User = settings.AUTH_USER_MODEL


def _user(label: str, related: str = "+", **kw):
    return models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name=related, verbose_name=label, **kw
    )


class Problem(TrackedModel):
    zone = models.ForeignKey("organization.Zone", on_delete=models.PROTECT, verbose_name="园区")
    code = models.CharField("问题编号", max_length=40)
    description = models.TextField("问题描述")
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name="所属项目",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name="反映企业",
    )
    report = models.ForeignKey(
        "projects.DispatchReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
        verbose_name="来源调度报告",
    )
    category = models.CharField("问题类别", max_length=10, choices=Category.choices, default=Category.OTHER)
    severity = models.CharField("紧急程度", max_length=4, choices=Severity.choices, default=Severity.ORDINARY)
    source = models.CharField("来源", max_length=12, choices=Source.choices)
    raised_by = _user("提出人", "raised_problems")
    raised_on = models.DateField("提出日期")
    deadline = models.DateField("办理时限", db_index=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.PENDING)
    lead_department = models.ForeignKey(
        "organization.Unit", on_delete=models.PROTECT, related_name="led_problems", verbose_name="牵头部门"
    )
    co_departments = models.ManyToManyField(
        "organization.Unit", blank=True, related_name="assisted_problems", verbose_name="配合部门"
    )
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    resolution = models.TextField("办理结果", blank=True)
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    close_mode = models.CharField("销号方式", max_length=10, choices=CloseMode.choices, blank=True)
    close_reason = models.CharField("领导销号理由", max_length=500, blank=True)
    return_reason = models.CharField("退回理由", max_length=500, blank=True)
    rating = models.PositiveSmallIntegerField(
        "满意度评价（1-5）", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    escalated_to = _user("升级至（包抓领导）")
    escalated_on = models.DateField("升级日期", null=True, blank=True)

    class Meta:
        verbose_name = "问题"
        ordering = ["-raised_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["zone", "code"], name="problem_code_unique")]
        indexes = [models.Index(fields=["zone", "state", "deadline"]), models.Index(fields=["raised_on"])]

    def __str__(self):
        return f"{self.code} {self.description[:30]}"

    def is_overdue(self, today) -> bool:
        """Open past its deadline, or solved later than its deadline."""
        if self.state in (State.PENDING, State.IN_PROGRESS):
            return self.deadline < today
        return bool(self.resolved_on and self.resolved_on > self.deadline)


class Extension(TrackedModel):
    """延期: requested by the lead department with a reason, approved or refused by a leader."""

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="extensions", verbose_name="问题"
    )
    reason = models.CharField("延期理由", max_length=500)
    new_deadline = models.DateField("申请延至")
    requested_by = _user("申请人")
    state = models.CharField("审批状态", max_length=10, choices=ExtensionState.choices, default="pending")
    decided_by = _user("审批人")
    decided_on = models.DateField("审批日期", null=True, blank=True)

    change_log_parent = "problem"

    class Meta:
        verbose_name = "延期申请"
        ordering = ["-id"]


class Supervision(TrackedModel):
    """督办: a supervision order requiring a rectification plan by a deadline."""

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="supervisions", verbose_name="问题"
    )
    requirement = models.CharField("督办要求", max_length=500)
    plan_due_on = models.DateField("整改方案报送时限")
    issued_by = _user("督办人")
    issued_on = models.DateField("督办日期")
    plan = models.TextField("整改方案", blank=True)
    plan_submitted_on = models.DateField("方案报送日期", null=True, blank=True)

    change_log_parent = "problem"

    class Meta:
        verbose_name = "督办单"
        ordering = ["-id"]


class CodeCounter(models.Model):
    """The last problem number given out per zone and year (WT2026-00042 → 42). Numbers are drawn with an
    atomic UPDATE under the row lock, so parallel creations never pick the same code."""

    zone = models.ForeignKey("organization.Zone", on_delete=models.CASCADE, verbose_name="园区")
    year = models.PositiveSmallIntegerField("年度")
    last_number = models.PositiveIntegerField("已用编号", default=0)

    class Meta:
        verbose_name = "问题编号计数"
        constraints = [models.UniqueConstraint(fields=["zone", "year"], name="problem_code_counter_unique")]

    def __str__(self):
        return f"{self.zone} {self.year}: {self.last_number}"
