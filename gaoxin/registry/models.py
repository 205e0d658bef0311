"""一企一档: enterprises, their yearly figures, the qualifications they hold, and enterprise accounts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models

from gaoxin.core.fields import MONEY_LIMIT, EncryptedTextField, KeyedHashField, MoneyField
from gaoxin.core.models import SoftDeleteModel, TrackedModel
from gaoxin.transfer.sheet_templates import load_template

from . import uscc
from .choices import VALIDITY, Level, QualificationKind, Source, hitech_domain_choices
from .reference import industry_name, normalize_industry


def validate_uscc(value):
    result = uscc.check(value)
    if result.errors:
        raise ValidationError(result.errors[0])


def validate_industry(value):
    if value and normalize_industry(value) != value:
        raise ValidationError(f"行业代码“{value}”不在《国民经济行业分类》（GB/T 4754-2017）中")


class Enterprise(SoftDeleteModel):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField("企业名称", max_length=200)  # indexed below: PostgreSQL sorts lists by it
    established_on = models.DateField("成立日期", null=True, blank=True)
    registered_capital = MoneyField("注册资本", null=True, blank=True)
    industry_code = models.CharField("行业代码", max_length=5, blank=True, validators=[validate_industry])
    hitech_domain = models.CharField(
        "高新技术领域", max_length=20, blank=True, choices=hitech_domain_choices()
    )
    unit = models.ForeignKey(  # indexed by (unit, deleted_at) below; a second FK index only slows writes
        "organization.Unit",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name="所属单位",
        db_index=False,
        null=True,  # optional, as in the shared schema: an enterprise without one is 未分配
        blank=True,
    )
    address = models.CharField("注册地址", max_length=300, blank=True)
    listed = models.BooleanField("是否上市", null=True, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = EncryptedTextField("联系电话", blank=True)  # encrypted at rest (core/crypto.py)
    contact_phone_hash = KeyedHashField("联系电话检索码", source="contact_phone")
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_enterprises",
        limit_choices_to={"role": "liaison"},
        verbose_name="包联干部",
        db_index=False,  # indexed by (liaison, deleted_at) below
    )
    tags = models.JSONField("标签", default=list, blank=True)
    # Kept by the actions that write year figures, so the list can filter and sort without a join.
    latest_year = models.PositiveSmallIntegerField("最新年度", null=True, blank=True, editable=False)
    # 主营 + 其他业务收入 of the latest year (refresh_latest): the sum of two amounts, so twice their bound.
    latest_revenue = MoneyField(
        "营业收入（最新年度）", null=True, blank=True, editable=False, limit=2 * MONEY_LIMIT
    )

    snapshot_exclude = ("created", "last_updated", "latest_year", "latest_revenue")

    class Meta:
        verbose_name = "企业"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["unit", "deleted_at"], name="registry_ent_unit_alive"),
            models.Index(fields=["liaison", "deleted_at"], name="registry_ent_liaison_alive"),
            models.Index(fields=["latest_revenue"], name="registry_ent_revenue"),
            # Names: one plain index, for sorting. No LIKE twin (names are searched by "contains"), and no
            # (deleted_at, name): "deleted_at IS NULL" gives PostgreSQL no order, so no list used it.
            models.Index(fields=["name"], name="registry_ent_name"),
            # Codes and domains are matched (= and prefix), never sorted: one pattern index each serves
            # both and compares bytes, not collation keys (a collated index costs PostgreSQL ~15 µs a row
            # when an import rewrites 100,000 enterprises).
            models.Index(
                fields=["industry_code"], name="registry_ent_industry", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["hitech_domain"], name="registry_ent_domain", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            liaison = self.liaison if self.liaison_id else None
        except ObjectDoesNotExist:  # an unknown id: clean_fields has already reported the field
            liaison = None
        if liaison is not None and liaison.role != "liaison":
            raise ValidationError({"liaison": "包联干部须为“包联干部”角色的人员"})

    @property
    def industry_name(self) -> str:
        return industry_name(self.industry_code)


def _figure_field(column):
    """The model field of one enterprise_year.yaml column (verbose_name = the template header)."""
    common = {"verbose_name": column.header, "null": True, "blank": True}
    if column.type == "money":
        return MoneyField(**common)
    if column.type == "int":
        return models.PositiveIntegerField(**common)
    if column.type == "decimal":
        return models.DecimalField(max_digits=14, decimal_places=4, **common)
    if column.type == "percent":
        return models.DecimalField(max_digits=7, decimal_places=6, **common)
    if column.type == "bool":
        return models.BooleanField(**common)
    if column.type == "choice":
        return models.CharField(max_length=10, choices=[(c, c) for c in column.choices], **common)
    raise ValueError(f"unsupported figure type {column.type!r}")


YEAR_TEMPLATE = load_template("enterprise_year")
#: The figure fields, exactly those of enterprise_year.yaml after its key (统一社会信用代码, 年度).
FIGURE_COLUMNS = [c for c in YEAR_TEMPLATE.columns if c.field not in ("uscc", "year")]
FIGURE_FIELDS = [c.field for c in FIGURE_COLUMNS]


def batch_key():
    """The import batch a row came from. Without a database constraint: the importer writes the batch in
    the same transaction and batches are never deleted, while checking the constraint at commit costs
    ~9 µs a row for a 100,000-row file (SET_NULL still applies: Django carries it out)."""
    return models.ForeignKey(
        "transfer.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="导入批次", db_constraint=False,
    )  # fmt: skip


class EnterpriseYear(TrackedModel):
    """One enterprise's figures for one accounting year (amounts in 元; empty = unknown)."""

    enterprise = models.ForeignKey(  # indexed by the unique (enterprise, year) constraint
        Enterprise, on_delete=models.CASCADE, related_name="years", verbose_name="企业", db_index=False
    )
    year = models.PositiveSmallIntegerField("年度")
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="填报人",
    )  # fmt: skip
    batch = batch_key()

    change_log_parent = "enterprise"
    snapshot_exclude = ("created", "last_updated", "source", "entered_by", "batch")

    class Meta:
        verbose_name = "企业年度数据"
        ordering = ["enterprise", "-year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="registry_year_unique")]
        indexes = [models.Index(fields=["year"], name="registry_year_year")]

    def __str__(self):
        return f"{self.enterprise.name} {self.year} 年度数据"

    @property
    def revenue(self):
        """营业收入 = 主营业务收入 + 其他业务收入 (unknown if the main revenue is unknown)."""
        if self.main_business_revenue is None:
            return None
        return self.main_business_revenue + (self.other_business_revenue or 0)


for _column in FIGURE_COLUMNS:
    EnterpriseYear.add_to_class(_column.field, _figure_field(_column))


def expiry_for(kind: str, granted_on: dt.date | None) -> dt.date | None:
    """The default expiry of a qualification: its kind's validity period from the grant date."""
    period = VALIDITY.get(kind)
    if granted_on is None or period is None:
        return None
    if period == "year":
        return dt.date(granted_on.year, 12, 31)
    try:
        end = granted_on.replace(year=granted_on.year + period)
    except ValueError:  # 29 February
        end = granted_on.replace(year=granted_on.year + period, day=28)
    return end - dt.timedelta(days=1)


class Qualification(TrackedModel):
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="qualifications", verbose_name="企业"
    )
    kind = models.CharField("资质类型", max_length=20, choices=QualificationKind.choices, db_index=True)
    level = models.CharField("级别", max_length=12, choices=Level.choices)
    certificate_no = models.CharField("证书编号", max_length=60, blank=True)
    granted_on = models.DateField("认定日期")
    expires_on = models.DateField("有效期至", null=True, blank=True, db_index=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="录入人",
    )  # fmt: skip
    batch = batch_key()

    change_log_parent = "enterprise"
    snapshot_exclude = ("created", "last_updated", "entered_by", "batch")

    class Meta:
        verbose_name = "企业资质"
        ordering = ["-granted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "level", "granted_on"], name="registry_qualification_unique"
            )
        ]

    def __str__(self):
        return f"{self.enterprise.name} {self.get_level_display()}{self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.expires_on is None:
            self.expires_on = expiry_for(self.kind, self.granted_on)
        super().save(*args, **kwargs)


class EnterpriseAccount(models.Model):
    """Links an enterprise user (role 企业用户) to the one enterprise they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_account",
        verbose_name="账号",
    )  # fmt: skip
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="accounts", verbose_name="企业"
    )

    class Meta:
        verbose_name = "企业账号"

    def __str__(self):
        return f"{self.user} → {self.enterprise}"


__all__ = [
    "Enterprise",
    "EnterpriseAccount",
    "EnterpriseYear",
    "Qualification",
    "expiry_for",
]
