"""Base models every business object stands on (NetBox's ChangeLoggingMixin, reshaped).

``TrackedModel`` gives timestamps, an optimistic-lock ``version`` and NetBox-style JSON custom fields;
its changes are written to ``ObjectChange`` by the actions in ``gaoxin.core.actions`` — never by a
signal, so every write path (page, API, CLI, import) goes through one audited function.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile

from gaoxin.core.fields import KeyedHashField


class TrackedModel(models.Model):
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_updated = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    custom_field_data = models.JSONField("自定义字段", default=dict, blank=True)

    #: Name of the FK whose object's change log also shows this object's changes (e.g. a year row's enterprise).
    change_log_parent: str | None = None
    #: Fields left out of snapshots and diffs: bookkeeping, not business data.
    snapshot_exclude = ("created", "last_updated")

    class Meta:
        abstract = True

    def snapshot(self) -> dict:
        """The object's business fields as JSON-safe values (FKs as ids), for change records and diffs."""
        data = {}
        for f in self._meta.concrete_fields:
            # A keyed hash follows its field: no change a reader needs, and it would only help guessing.
            if f.name in self.snapshot_exclude or isinstance(f, KeyedHashField):
                continue
            data[f.attname] = to_json_value(f.value_from_object(self))
        return data

    def unique_error_message(self, model_class, unique_check):
        """In 规范用语 naming the value: Django's own text reads "具有 统一社会信用代码 的 企业 已存在"."""
        opts = model_class._meta
        fields = [opts.get_field(name) for name in unique_check]
        labels = "、".join(str(f.verbose_name) for f in fields)
        values = "、".join(str(getattr(self, f.name, "")) for f in fields)
        return ValidationError(
            f"{labels}为“{values}”的{opts.verbose_name}已存在",
            code="unique",
            params={"unique_check": unique_check},
        )

    @classmethod
    def field_label(cls, attname: str) -> str:
        for f in cls._meta.concrete_fields:
            if f.attname == attname or f.name == attname:
                return str(f.verbose_name)
        return attname


def to_json_value(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    return value


class AliveManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleteModel(TrackedModel):
    """Deleting only marks the row; an administrator can restore it (and its history stays whole)."""

    deleted_at = models.DateTimeField("删除时间", null=True, blank=True, db_index=True, editable=False)

    objects = AliveManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
