"""Zones (园区), the unit tree, and the people who work in it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_otp.models import Device

from gaoxin.core.fields import EncryptedTextField, KeyedHashField
from gaoxin.core.models import TrackedModel

from .choices import ADMIN_ROLES, UNIT_LEVEL, ZONE_WIDE_UNIT_KINDS, Role, UnitKind
from .permissions import ZONE_WIDE_CAPABILITIES, capabilities


class Zone(TrackedModel):
    """A 园区 run by one administrative committee. Zone-level settings live in ``settings`` (JSON)."""

    name = models.CharField("园区名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    division_code = models.CharField("行政区划代码", max_length=6, blank=True)
    settings = models.JSONField("园区设置", default=dict, blank=True)

    class Meta:
        verbose_name = "园区"

    def __str__(self):
        return self.name

    def setting(self, key: str, default=None):
        return self.settings.get(key, default)


class Unit(TrackedModel):
    """A node of the zone's organisation tree, at most four levels deep."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="units", verbose_name="园区")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级单位",
    )
    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("单位类型", max_length=20, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField("层级", default=1, editable=False)
    path = models.CharField("路径", max_length=200, db_index=True, editable=False, default="")
    order = models.PositiveSmallIntegerField("排序", default=100)
    code = models.CharField("单位编码", max_length=30, blank=True)
    closed_on = models.DateField("撤销日期", null=True, blank=True)

    class Meta:
        ordering = ["path"]
        unique_together = [("zone", "name")]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "code"], condition=~models.Q(code=""), name="unit_code_unique_in_zone"
            )
        ]
        verbose_name = "单位"

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id is None:
            if self.kind != UnitKind.COMMITTEE:
                raise ValidationError({"parent": "除管委会外，单位必须有上级单位"})
            return
        if self.parent.zone_id != self.zone_id:
            raise ValidationError({"parent": "上级单位不属于同一园区"})
        level = self.parent.level + 1
        if level > 4:
            raise ValidationError({"parent": "单位层级最多四级"})
        if level < UNIT_LEVEL[self.kind]:
            raise ValidationError(
                {"kind": f"{self.get_kind_display()}不能设在{self.parent.get_kind_display()}之下"}
            )

    def save(self, *args, **kwargs):
        self.level = self.parent.level + 1 if self.parent_id else 1
        super().save(*args, **kwargs)
        path = f"{self.parent.path}{self.pk:06d}/" if self.parent_id else f"{self.pk:06d}/"
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)

    @property
    def is_zone_wide(self) -> bool:
        return self.kind in ZONE_WIDE_UNIT_KINDS

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class User(AbstractUser):
    """A person in the zone: staff, liaison cadre, enterprise or bank user, or one of the three admins."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.PENDING)
    zone = models.ForeignKey(
        Zone, null=True, blank=True, on_delete=models.PROTECT, related_name="people", verbose_name="园区"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="people", verbose_name="所属单位"
    )
    title = models.CharField("职务", max_length=50, blank=True)
    phone = EncryptedTextField("手机号", blank=True)  # encrypted at rest (core/crypto.py)
    phone_hash = KeyedHashField("手机号检索码", source="phone")
    id_number = EncryptedTextField("身份证号", blank=True)
    id_number_hash = KeyedHashField("身份证号检索码", source="id_number")
    organization_name = models.CharField(
        "所属机构", max_length=100, blank=True, help_text="银行用户的合作银行名称等"
    )
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    failed_login_count = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    login_attempts_in_flight = models.PositiveSmallIntegerField(
        "正在校验的登录尝试", default=0, help_text="已占用、口令尚在校验中的登录尝试数（防并发猜测）"
    )
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        ordering = ["username"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def can(self, capability: str) -> bool:
        if not self.is_active or capability not in capabilities(self.role):
            return False
        return capability not in ZONE_WIDE_CAPABILITIES or self.sees_whole_zone

    @property
    def sees_whole_zone(self) -> bool:
        """Leaders, and staff of the committee or a department; not a street, town or park's staff."""
        if self.role == Role.STAFF:
            return self.unit is not None and self.unit.is_zone_wide
        return True

    @property
    def is_admin_role(self) -> bool:
        return self.role in ADMIN_ROLES

    @property
    def may_see_personal_data(self) -> bool:
        return self.can("personal_data.view")

    # --- security policy ---------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    @property
    def password_expired(self) -> bool:
        if self.password_changed_at is None:
            return True
        max_age = dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
        return timezone.now() - self.password_changed_at > max_age

    def api_token_allowed(self, created) -> bool:
        """An API token is a credential of a full sign-in: for a person who must use a second factor, only
        a token issued after the authenticator was enrolled counts (gaoxin.core.api_auth asks this)."""
        from .twofactor import token_allowed

        return token_allowed(self, created)

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


class RoleRequest(models.Model):
    """三员分立: the system administrator asks for a role (e.g. from a people import), the security
    administrator approves it; only then does the person's role change."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_requests", verbose_name="人员"
    )
    role = models.CharField("申请角色", max_length=20, choices=Role.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.CharField("申请人", max_length=100, blank=True)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.CharField("审批人", max_length=100, blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "角色申请"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_role_request"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.get_role_display()}"


class PasswordSheet(models.Model):
    """The initial passwords of accounts opened by one import, for the administrator who imported them;
    downloadable once (``password_sheets.take`` erases the content)."""

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="password_sheets", verbose_name="下载人"
    )
    count = models.PositiveIntegerField("账号数", default=0)
    content = models.BinaryField("内容", blank=True)
    batch_id = models.BigIntegerField("导入批次", null=True, blank=True)
    created = models.DateTimeField("生成时间", auto_now_add=True)
    downloaded_at = models.DateTimeField("下载时间", null=True, blank=True)

    class Meta:
        verbose_name = "初始密码表"
        ordering = ["-created", "-pk"]


class PasswordHistory(models.Model):
    """The hashes of a person's last passwords (gaoxin.organization.passwords.PasswordHistoryValidator)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="password_history", verbose_name="用户"
    )
    password = models.CharField("密码哈希", max_length=128)
    created = models.DateTimeField("修改时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        ordering = ["-pk"]


class RecoveryCodeDevice(Device):
    """The ten one-time recovery codes (恢复码) of a person who enrolled an authenticator (django-otp device,
    so a session verified by a recovery code carries it like a TOTP one). The codes are stored as SHA-256
    digests only (``RecoveryCode``); 80 random bits each, so the digest cannot be searched back. A code is
    burnt by ``factor_actions.verify_second_factor`` with one conditional UPDATE (usable once, even in
    parallel)."""

    class Meta:
        verbose_name = "恢复码"


class RecoveryCode(models.Model):
    device = models.ForeignKey(
        RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes", verbose_name="恢复码组"
    )
    digest = models.CharField("摘要", max_length=64, unique=True)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "恢复码"
