"""NetBox-style custom fields: local extras a zone adds to a model without a migration."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import models


class CustomFieldType(models.TextChoices):
    TEXT = "text", "文本"
    INTEGER = "integer", "整数"
    DECIMAL = "decimal", "数值"
    BOOLEAN = "boolean", "是/否"
    DATE = "date", "日期"
    SELECT = "select", "单选"


class CustomField(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="适用对象")
    name = models.SlugField("字段名", max_length=50)
    label = models.CharField("显示名称", max_length=100)
    type = models.CharField("类型", max_length=10, choices=CustomFieldType.choices)
    required = models.BooleanField("必填", default=False)
    choices = models.JSONField("可选值", default=list, blank=True)
    minimum = models.DecimalField("最小值", max_digits=20, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField("最大值", max_digits=20, decimal_places=4, null=True, blank=True)
    regex = models.CharField("格式（正则）", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        unique_together = [("content_type", "name")]
        ordering = ["order", "name"]
        verbose_name = "自定义字段"

    def __str__(self):
        return self.label

    def clean_value(self, raw):
        """The stored (JSON) value for ``raw``, or ValueError with a Chinese reason."""
        if raw in (None, ""):
            if self.required:
                raise ValueError("为必填项")
            return None
        cleaner = getattr(self, f"_clean_{self.type}")
        return cleaner(raw)

    def _clean_text(self, raw):
        value = str(raw).strip()
        if self.regex and not re.fullmatch(self.regex, value):
            raise ValueError("格式不符合要求")
        return value

    def _check_range(self, value):
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"不得小于 {self.minimum.normalize()}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"不得大于 {self.maximum.normalize()}")

    def _clean_integer(self, raw):
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError("应为整数")
        self._check_range(Decimal(value))
        return value

    def _clean_decimal(self, raw):
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ValueError("应为数值")
        self._check_range(value)
        return str(value)

    def _clean_boolean(self, raw):
        from gaoxin.core.cells import parse_bool

        return parse_bool(raw)

    def _clean_date(self, raw):
        if isinstance(raw, dt.date):
            return raw.isoformat()
        from gaoxin.core.cells import parse_date

        return parse_date(raw).isoformat()

    def _clean_select(self, raw):
        value = str(raw).strip()
        if value not in self.choices:
            raise ValueError(f"应为以下之一：{'、'.join(self.choices)}")
        return value


def validate_custom_fields(model, data: dict | None) -> tuple[dict, dict[str, str]]:
    """Clean ``data`` against the model's custom fields: (cleaned values, {field name: reason})."""
    data = data or {}
    fields = {
        cf.name: cf
        for cf in CustomField.objects.filter(content_type=ContentType.objects.get_for_model(model))
    }
    cleaned, errors = {}, {}
    for name in data:
        if name not in fields:
            errors[name] = "未定义的自定义字段"
    for name, cf in fields.items():
        try:
            cleaned[name] = cf.clean_value(data.get(name))
        except ValueError as exc:
            errors[name] = f"{cf.label}{exc}"
    return cleaned, errors
