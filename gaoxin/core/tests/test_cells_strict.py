"""Issue 11 items 4 and 5: a year typed as a number is no date; a decimal comma is no thousands separator."""

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.core.cells import CellError, column_parser, parse_date, parse_decimal, parse_int, parse_money


@pytest.mark.parametrize("value", [2021, 2021.0, "2021", 1, 9999, "9999"])
def test_small_integers_in_a_date_column_are_not_dates(value):
    with pytest.raises(CellError) as caught:
        parse_date(value)
    assert f"{int(float(value))} 不是完整日期" in str(caught.value)


def test_real_serials_and_dates_still_read():
    assert parse_date(45000) == dt.date(2023, 3, 15)
    assert parse_date("45000") == dt.date(2023, 3, 15)
    assert parse_date(dt.datetime(2021, 5, 1, 0, 0)) == dt.date(2021, 5, 1)


@pytest.mark.parametrize("value", ["1234,56", "1 234,56", "1234，56", "1,2345", "1.234,56", "12,5万"])
def test_decimal_commas_are_errors(value):
    with pytest.raises(CellError) as caught:
        parse_money(value)
    assert "逗号" in str(caught.value) and value in str(caught.value)
    with pytest.raises(CellError):
        parse_decimal(value.removesuffix("万"))
    with pytest.raises((CellError, ArithmeticError)):  # the reader then reads the column cell by cell
        column_parser("money")([value])


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1,234.56", "1234.56"),
        ("12,345,678", "12345678.00"),
        ("3,200万", "32000000.00"),
        ("1，234", "1234.00"),
    ],
)
def test_thousands_separators_still_read(value, expected):
    assert parse_money(value) == Decimal(expected)


def test_counts_with_a_decimal_comma_are_errors():
    assert parse_int("1,234") == 1234
    with pytest.raises(CellError):
        parse_int("12,5")


def test_the_bulk_money_converter_fast_path_agrees_with_yuan_to_fen():
    from gaoxin.core.bulk import _fen
    from gaoxin.core.fields import MoneyError, yuan_to_fen

    for value in (Decimal("1.23"), Decimal("-99999999999999.99"), Decimal("0"), Decimal("12.30"), 5, None):
        assert _fen(value) == yuan_to_fen(value)
    for value in (
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("1.005"),
        Decimal("1E20"),
        Decimal("100000000000000"),
    ):
        with pytest.raises(MoneyError):
            _fen(value)
