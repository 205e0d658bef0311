"""An exact decimal stored as a scaled integer, identical on SQLite and PostgreSQL.

Django's DecimalField on SQLite goes through a REAL column (a binary float); a scaled BigInteger keeps
every digit: 4766.22 亿元 is stored as 4766220000 (scale 6) and read back as Decimal('4766.220000').
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

SCALE = 6
QUANTUM = Decimal(1).scaleb(-SCALE)
LIMIT = 2**63 - 1


def to_scaled(value: Decimal) -> int:
    """Decimal → integer of millionths; refuses more than six decimals rather than rounding silently."""
    scaled = Decimal(value).scaleb(SCALE)
    if scaled != scaled.to_integral_value():
        raise ValidationError(f"“{value}”超过 {SCALE} 位小数")
    if abs(scaled) > LIMIT:
        raise ValidationError(f"“{value}”超出可存储的范围")
    return int(scaled)


def exact(value) -> Decimal | None:
    """``value`` as stored (six decimals), or ValidationError when it has more."""
    return None if value is None else from_scaled(to_scaled(value))


def from_scaled(value: int) -> Decimal:
    return Decimal(value).scaleb(-SCALE).quantize(QUANTUM)


class ExactDecimalField(models.BigIntegerField):
    """Decimal in Python, integer millionths in the database."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else from_scaled(value)

    def to_python(self, value):
        """The value as it will be stored (six places), or a ValidationError now: full_clean refuses what
        get_prep_value would otherwise refuse inside save()."""
        if value is None:
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
        except ArithmeticError:
            raise ValidationError(f"“{value}”不是有效的数值")
        if not number.is_finite():
            raise ValidationError(f"“{value}”不是有效的数值")
        return exact(number)

    def get_prep_value(self, value):
        if value is None:
            return None
        return to_scaled(self.to_python(value))

    def formfield(self, **kwargs):
        from django import forms

        return forms.DecimalField(decimal_places=SCALE, **kwargs)

    @property
    def validators(self):  # BigIntegerField's integer range checks do not apply to the Decimal
        return []
