"""Model fields shared by every app.

``MoneyField``: an amount of money stored exactly as integer 分 (a BIGINT column on every database),
handled in Python as a ``Decimal`` of 元 with two places. SQLite has no exact decimal type (a
DecimalField is stored as REAL and loses digits beyond 15 significant ones), so money never goes
through one. The engine works in 分 as well: readers that skip Django's converters (raw SQL, COPY,
Polars frames) get the 分 integers themselves.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

CENT = Decimal("0.01")
#: The largest amount stored, in 元 (exclusive): 16 digits before the point, as numeric(18, 2) had.
MONEY_LIMIT = Decimal(10) ** 16
LIMIT_TEXT = "金额超出允许范围（绝对值须小于 1 亿亿元）"


class MoneyError(ValidationError):
    """An amount that cannot be stored exactly; the message is the Chinese reason."""


def yuan_to_fen(value) -> int | None:
    """元 (Decimal, int, numeric text or float) → integer 分, exactly, or MoneyError."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise MoneyError("金额应为数值")
    if isinstance(value, int):
        amount = Decimal(value)
    else:
        try:
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            raise MoneyError(f"“{value}”不是有效的金额")
    if not amount.is_finite():
        raise MoneyError(f"“{value}”不是有效的金额")
    if not -MONEY_LIMIT < amount < MONEY_LIMIT:
        raise MoneyError(LIMIT_TEXT)
    fen = amount.scaleb(2)
    if fen != fen.to_integral_value():
        raise MoneyError(f"金额“{value}”最多保留两位小数（到分）")
    return int(fen)


def fen_to_yuan(fen: int | None) -> Decimal | None:
    if fen is None:
        return None
    return Decimal(fen).scaleb(-2)  # exact: 12345 → Decimal('123.45')


class MoneyField(models.BigIntegerField):
    """Money in 元 (Decimal, two places) stored as integer 分. Values that are not a whole number of 分
    or are out of range are refused with a Chinese ``ValidationError`` (never rounded silently)."""

    description = "金额（元，以分为单位精确存储）"

    def from_db_value(self, value, expression, connection):
        return None if value is None else Decimal(value).scaleb(-2)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        return fen_to_yuan(yuan_to_fen(value))

    def get_prep_value(self, value):
        if hasattr(value, "resolve_expression"):
            return value
        return yuan_to_fen(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        return value if prepared else self.get_prep_value(value)

    def formfield(self, **kwargs):
        defaults = {"form_class": forms.DecimalField, "max_digits": 18, "decimal_places": 2}
        return models.Field.formfield(self, **{**defaults, **kwargs})

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else format(value, "f")
