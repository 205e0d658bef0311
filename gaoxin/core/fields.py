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
from django.utils.functional import cached_property

from .money import LIMIT_TEXT, MONEY_LIMIT

__all__ = [
    "LIMIT_TEXT",
    "MONEY_LIMIT",
    "EncryptedTextField",
    "KeyedHashField",
    "MoneyError",
    "MoneyField",
    "fen_to_yuan",
    "yuan_to_fen",
]


class MoneyError(ValidationError):
    """An amount that cannot be stored exactly; the message is the Chinese reason."""


def yuan_to_fen(value, limit: Decimal = MONEY_LIMIT) -> int | None:
    """元 (Decimal, int, numeric text or float) → integer 分, exactly, or MoneyError (|元| < ``limit``)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise MoneyError("金额应为数值", code="invalid")
    if isinstance(value, int):
        amount = Decimal(value)
    else:
        try:
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            raise MoneyError(f"“{value}”不是有效的金额", code="invalid")
    if not amount.is_finite():
        raise MoneyError(f"“{value}”不是有效的金额", code="invalid")
    if not -limit < amount < limit:
        raise MoneyError(LIMIT_TEXT if limit == MONEY_LIMIT else _limit_text(limit), code="max_value")
    fen = amount.scaleb(2)
    if fen != fen.to_integral_value():
        raise MoneyError(f"金额“{value}”最多保留两位小数（到分）", code="max_decimal_places")
    return int(fen)


def _limit_text(limit: Decimal) -> str:
    return f"金额超出允许范围（绝对值须小于 {limit:f} 元）"


def fen_to_yuan(fen: int | None) -> Decimal | None:
    if fen is None:
        return None
    return Decimal(fen).scaleb(-2)  # exact: 12345 → Decimal('123.45')


class MoneyField(models.BigIntegerField):
    """Money in 元 (Decimal, two places) stored as integer 分. Values that are not a whole number of 分
    or are out of range are refused with a Chinese ``ValidationError`` (never rounded silently)."""

    description = "金额（元，以分为单位精确存储）"
    non_db_attrs = (*models.BigIntegerField.non_db_attrs, "limit")  # changing the bound alters no column

    def __init__(self, *args, limit: int | None = None, **kwargs):
        """``limit``: the bound in 元 (exclusive) when not MONEY_LIMIT — for a figure the database derives
        from several stored amounts (e.g. 营业收入 = 主营 + 其他), which may exceed what one cell may hold."""
        self.limit = MONEY_LIMIT if limit is None else Decimal(limit)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.limit != MONEY_LIMIT:
            kwargs["limit"] = int(self.limit)
        return name, path, args, kwargs

    @cached_property
    def validators(self):
        # Not BigIntegerField's: its bounds are in 分 of the column; to_python checks 元 against ``limit``.
        return [*self.default_validators, *self._validators]

    def from_db_value(self, value, expression, connection):
        return None if value is None else Decimal(value).scaleb(-2)

    def to_python(self, value):
        """Any amount → Decimal 元 with two places, or a MoneyError that full_clean() files under the
        field's name (a Decimal is checked too: the range and the 分 are what the column can hold)."""
        return fen_to_yuan(yuan_to_fen(value, self.limit))

    def get_prep_value(self, value):
        if hasattr(value, "resolve_expression"):
            return value
        return yuan_to_fen(value, self.limit)

    def get_db_prep_value(self, value, connection, prepared=False):
        return value if prepared else self.get_prep_value(value)

    def formfield(self, **kwargs):
        digits = len(str(int(self.limit))) - 1 + 2  # 10^14 元 → 14 digits before the point, 2 after
        defaults = {"form_class": forms.DecimalField, "max_digits": digits, "decimal_places": 2}
        return models.Field.formfield(self, **{**defaults, **kwargs})

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else format(value, "f")


class EncryptedTextField(models.TextField):
    """Personal data encrypted at rest (core/crypto.py): Python sees the plain text, the column holds
    ``enc:<key id>:…``. An equality lookup on it cannot match (each encryption differs): search by the
    companion ``KeyedHashField``. "" stays "" (an empty value has nothing to hide)."""

    description = "加密存储的个人数据"

    def from_db_value(self, value, expression, connection):
        from .crypto import decrypt, is_encrypted

        return decrypt(value) if is_encrypted(value) else value

    def get_prep_value(self, value):
        from .crypto import encrypt, is_encrypted

        value = super().get_prep_value(value)
        if value in (None, "") or hasattr(value, "resolve_expression") or is_encrypted(value):
            return value
        return encrypt(value)


class KeyedHashField(models.CharField):
    """HMAC of another field's normalised value (core/crypto.keyed_hash), for exact-match search of an
    encrypted field; kept in step on every save (pre_save) and by core.bulk's fast paths."""

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key in ("max_length", "blank", "editable", "db_index"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def hash_of(self, obj) -> str:
        from .crypto import keyed_hash

        return keyed_hash(getattr(obj, self.source))

    def pre_save(self, model_instance, add):
        value = self.hash_of(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def hash_fields_of(model, names) -> list[str]:
    """The KeyedHashFields whose source is among ``names`` (a save of those fields must write them)."""
    return [
        f.name for f in model._meta.concrete_fields if isinstance(f, KeyedHashField) and f.source in names
    ]


def exact_match(model, field: str, value: str) -> models.Q:
    """Q for rows whose encrypted ``field`` equals ``value`` (normalised: spaces and dashes do not
    count), through its KeyedHashField — the column itself cannot be compared."""
    from .crypto import keyed_hash

    (hashed,) = hash_fields_of(model, [field])
    return models.Q(**{hashed: keyed_hash(value)}) if value else models.Q(pk__in=[])
