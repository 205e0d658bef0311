from decimal import Decimal

import pytest

from gaoxin.core.masking import mask_id_number, mask_phone
from gaoxin.core.money import format_money, from_fen, to_fen


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("135000000"), "1.35亿元"),
        (Decimal("32000000"), "3,200万元"),
        (Decimal("860"), "860元"),
        (None, "—"),
        (Decimal("-50000"), "-5万元"),
    ],
)
def test_format_money_uses_government_units(value, text):
    assert format_money(value) == text


def test_fen_round_trip_is_exact():
    assert to_fen(Decimal("1234567.89")) == 123456789
    assert from_fen(123456789) == Decimal("1234567.89")


def test_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("420102199001011234") == "4201**********1234"
