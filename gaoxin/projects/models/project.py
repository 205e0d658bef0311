"""Key projects (重点项目), their node templates and milestone plans."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gaoxin.core.fields import MoneyField
from gaoxin.core.models import SoftDeleteModel, TrackedModel

from ..choices import LIFECYCLE, MILESTONES, ProjectLevel, ProjectType, Stage


def _money(label: str, **kw):
    return MoneyField(label, **kw)


class Project(SoftDeleteModel):
    """一个项目、一位领导、一个部门、一个联络人、一套方案."""

    snapshot_exclude = ("created", "last_updated", "next_due_on", "year_investment", "year_investment_year")

    zone = models.ForeignKey(
        "organization.Zone", on_delete=models.PROTECT, related_name="projects", verbose_name="园区"
    )
    code = models.CharField("项目编号", max_length=40)
    name = models.CharField("项目名称", max_length=200)
    owner = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name="建设单位",
        help_text="产业项目的业主企业；公共项目不填",
    )
    type = models.CharField("项目类型", max_length=20, choices=ProjectType.choices)
    level = models.CharField("重点级别", max_length=10, choices=ProjectLevel.choices, default="一般")
    industry = models.CharField("所属行业", max_length=100, blank=True)
    industry_chain = models.CharField("所属产业链", max_length=100, blank=True)
    total_investment = _money("总投资（元）", null=True, blank=True)
    annual_planned_investment = _money("年度计划投资（元）", null=True, blank=True)
    cumulative_investment = _money("累计完成投资（元）", null=True, blank=True)
    year_investment = _money("本年完成投资（元）", default=0, editable=False)
    year_investment_year = models.PositiveSmallIntegerField("本年完成投资所属年度", null=True, editable=False)
    longitude = models.DecimalField("经度", max_digits=10, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=10, decimal_places=6, null=True, blank=True)
    site = models.CharField("建设地点（地块）", max_length=200, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name="包抓领导",
    )
    department = models.ForeignKey(
        "organization.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name="责任部门",
    )
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_projects",
        verbose_name="联络人",
    )
    plan_text = models.TextField("推进方案", blank=True)
    plan_file = models.FileField("方案附件", upload_to="projects/plans/%Y/", blank=True)
    signed_on = models.DateField("签约日期", null=True, blank=True)
    land_planned_on = models.DateField("计划供地日期", null=True, blank=True)
    land_supplied_on = models.DateField("实际供地日期", null=True, blank=True)
    start_planned_on = models.DateField("计划开工日期", null=True, blank=True)
    started_on = models.DateField("实际开工日期", null=True, blank=True)
    production_planned_on = models.DateField("计划投产日期", null=True, blank=True)
    production_started_on = models.DateField("实际投产日期", null=True, blank=True)
    full_capacity_planned_on = models.DateField("计划达产日期", null=True, blank=True)
    full_capacity_on = models.DateField("实际达产日期", null=True, blank=True)
    terminated_on = models.DateField("终止日期", null=True, blank=True)
    termination_reason = models.CharField("终止原因", max_length=500, blank=True)
    stage = models.CharField(
        "所处阶段", max_length=10, choices=Stage.choices, default=Stage.SIGNED, editable=False
    )
    next_due_on = models.DateField("最早未完成节点计划日期", null=True, editable=False, db_index=True)

    class Meta:
        verbose_name = "重点项目"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["zone", "code"], name="project_code_unique")]
        indexes = [models.Index(fields=["zone", "stage"]), models.Index(fields=["signed_on"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def derive_stage(self) -> str:
        if self.terminated_on:
            return Stage.TERMINATED
        stage = Stage.SIGNED
        for candidate, (_, actual) in MILESTONES.items():
            if getattr(self, actual):
                stage = candidate
        return stage

    def clean(self):
        errors = {}
        previous = None
        for stage in LIFECYCLE:
            field = MILESTONES[stage][1]
            value = getattr(self, field)
            if value and previous and value < previous[1]:
                errors[field] = f"{self.field_label(field)}不能早于{self.field_label(previous[0])}"
            if value:
                previous = (field, value)
        if self.terminated_on and not self.termination_reason:
            errors["termination_reason"] = "终止项目须填写终止原因"
        for field, (low, high) in {"longitude": (-180, 180), "latitude": (-90, 90)}.items():
            value = getattr(self, field)
            if value is not None and not low <= value <= high:
                errors[field] = f"{self.field_label(field)}超出范围（{low}～{high}）"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.stage = self.derive_stage()
        super().save(*args, **kwargs)


class NodeTemplate(TrackedModel):
    """A zone's milestone template for one project type: the nodes, their time limits and departments."""

    zone = models.ForeignKey("organization.Zone", on_delete=models.CASCADE, verbose_name="园区")
    project_type = models.CharField("项目类型", max_length=20, choices=ProjectType.choices)
    name = models.CharField("节点名称", max_length=50)
    order = models.PositiveSmallIntegerField("顺序")
    days = models.PositiveSmallIntegerField("办理时限（天）")
    unit = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.PROTECT, verbose_name="要素保障部门"
    )
    milestone = models.CharField("对应阶段", max_length=10, choices=Stage.choices, blank=True)

    class Meta:
        verbose_name = "节点模板"
        ordering = ["project_type", "order"]
        unique_together = [("zone", "project_type", "order")]

    def __str__(self):
        return f"{self.project_type}·{self.name}"


class ProjectNode(TrackedModel):
    """One node of a project's plan (generated from the template, adjustable)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="nodes", verbose_name="项目")
    name = models.CharField("节点名称", max_length=50)
    order = models.PositiveSmallIntegerField("顺序")
    days = models.PositiveSmallIntegerField("办理时限（天）", default=0)
    unit = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.PROTECT, verbose_name="要素保障部门"
    )
    milestone = models.CharField("对应阶段", max_length=10, choices=Stage.choices, blank=True)
    planned_on = models.DateField("计划完成日期")
    actual_on = models.DateField("实际完成日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    change_log_parent = "project"

    class Meta:
        verbose_name = "项目节点"
        ordering = ["project", "order"]
        unique_together = [("project", "order")]

    def __str__(self):
        return self.name
