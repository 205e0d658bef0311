"""ExactDecimalField: the model field's own checks (full_clean) refuse what get_prep_value would refuse at
save, so a bad value is a named ValidationError before any write, never an exception inside save()."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gaoxin.indicators.fields import ExactDecimalField, from_scaled, to_scaled

FIELD = ExactDecimalField()


@pytest.mark.parametrize(
    ("value", "message"),
    [("1.0000001", "超过 6 位小数"), ("nan", "不是有效的数值"), ("Infinity", "不是有效的数值"),
     ("1e30", "超出可存储的范围"), ("abc", "不是有效的数值")],
)  # fmt: skip
def test_to_python_refuses_what_cannot_be_stored(value, message):
    with pytest.raises(ValidationError) as caught:
        FIELD.to_python(value)
    assert message in caught.value.messages[0]


def test_to_python_keeps_six_places_and_float_spreadsheet_values():
    assert FIELD.to_python("4766.22") == Decimal("4766.220000")
    assert FIELD.to_python(0.1) == Decimal("0.100000")
    assert FIELD.to_python(12) == Decimal("12.000000")


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-(10**12), max_value=10**12))
def test_every_six_place_decimal_round_trips(value):
    assert from_scaled(to_scaled(FIELD.to_python(value))) == value
