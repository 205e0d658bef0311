"""Append-only records: field-level changes, security events and the business timeline."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AppendOnlyError(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计记录只允许追加，不允许修改")

    def delete(self):
        raise AppendOnlyError("审计记录只允许追加，不允许删除")


class AppendOnlyModel(models.Model):
    """Rows are written once. Updates and deletes are refused at the model and queryset level."""

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("审计记录只允许追加，不允许修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计记录只允许追加，不允许删除")


def sealed(data: dict | None) -> dict | None:
    """A change-log snapshot as stored: personal values (core.masking.PERSONAL_FIELDS) encrypted like
    their own columns, so the log is no plain-text copy of what the tables encrypt at rest."""
    if not data:
        return data
    from gaoxin.core.crypto import encrypt, is_encrypted
    from gaoxin.core.masking import PERSONAL_FIELDS

    return {
        k: encrypt(v) if k in PERSONAL_FIELDS and isinstance(v, str) and v and not is_encrypted(v) else v
        for k, v in data.items()
    }


def opened(data: dict | None) -> dict:
    """A stored snapshot with its personal values decrypted (rows from before encryption are plain)."""
    if not data:
        return {}
    from gaoxin.core.crypto import decrypt, is_encrypted

    return {k: decrypt(v) if isinstance(v, str) and is_encrypted(v) else v for k, v in data.items()}


class ChangeAction(models.TextChoices):
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    RESTORE = "restore", "恢复"


def content_type_key(**options):
    """The content type of a log row. Indexed only with the object id (composite indexes below), and
    without a database constraint: content types come from ``get_for_model`` and are never deleted, while
    checking the constraint costs ~10 µs a row when an import logs 100,000 rows."""
    return models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
        **options,
    )


class ObjectChange(AppendOnlyModel):
    """One change of one object, with the values before and after (NetBox's ObjectChange)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="操作人",
    )
    user_name = models.CharField("操作人姓名", max_length=150)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    source = models.CharField("来源", max_length=20)
    request_id = models.CharField("请求标识", max_length=32)
    action = models.CharField("操作", max_length=10, choices=ChangeAction.choices)
    content_type = content_type_key()
    object_id = models.BigIntegerField()
    object_repr = models.CharField("对象", max_length=200)
    related_content_type = content_type_key(null=True, blank=True)
    related_object_id = models.BigIntegerField(null=True, blank=True)
    prechange_data = models.JSONField("修改前", null=True, blank=True)
    postchange_data = models.JSONField("修改后", null=True, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["related_content_type", "related_object_id"]),
            # Exact look-ups only: a plain index (db_index=True would add a LIKE-pattern twin).
            models.Index(fields=["request_id"], name="core_change_request"),
        ]
        verbose_name = "变更记录"

    def __str__(self):
        return f"{self.user_name} {self.get_action_display()} {self.object_repr}"

    def diff(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field whose value differs."""
        before, after = opened(self.prechange_data), opened(self.postchange_data)
        keys = [k for k in {**before, **after} if k != "version"]
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出登录"
    LOCKED = "locked", "账号锁定"
    UNLOCKED = "unlocked", "账号解锁"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    PERMISSION_DENIED = "permission_denied", "越权访问"
    TOKEN_CREATED = "token_created", "创建 API 令牌"
    EXPORT = "export", "数据导出"
    SECOND_FACTOR_FAILED = "second_factor_failed", "动态口令错误"
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", "绑定身份验证器"
    SECOND_FACTOR_RESET = "second_factor_reset", "重置双因素认证"
    RECOVERY_CODE_USED = "recovery_code_used", "使用恢复码"


class SecurityEvent(AppendOnlyModel):
    kind = models.CharField("事件", max_length=32, choices=SecurityEventKind.choices, db_index=True)
    username = models.CharField("账号", max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = "安全事件"


class BusinessEvent(AppendOnlyModel):
    """A typed business fact on an object's timeline (Saleor's events): 资质认定, 包联变更, 数据填报 …

    ``type`` is one of the codes registered in ``gaoxin.core.events.EVENT_TYPES``.
    """

    type = models.CharField("事件类型", max_length=64)
    content_type = content_type_key()
    object_id = models.BigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField("操作人", max_length=150)
    message = models.CharField("摘要", max_length=500)
    payload = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-time"]),
            models.Index(fields=["type"], name="core_event_type"),  # exact look-ups only, as above
        ]
        verbose_name = "业务事件"

    @property
    def type_label(self) -> str:
        from gaoxin.core.events import EVENT_TYPES

        return EVENT_TYPES.get(self.type, self.type)

    @property
    def detail(self) -> str:
        """The message without a leading "类型：" — timelines print the type beside it, and messages such
        as "提出问题：…" or "办结：…" then read "提出问题：提出问题：…"."""
        prefix = f"{self.type_label}："
        return self.message[len(prefix) :] if self.message.startswith(prefix) else self.message
