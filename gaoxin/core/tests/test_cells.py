"""Cell parsing: money with header units and text amounts, dates, booleans, counts, percentages."""

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.core.cells import (
    CellError,
    column_parser,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_money,
    parse_percent,
    parse_text,
    parser_for,
)


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("1.35亿", "元", "135000000.00"),
        ("3,200万", "元", "32000000.00"),
        ("5000万元", "元", "50000000.00"),
        ("3，200万", "元", "32000000.00"),
        (12.5, "万元", "125000.00"),
        ("12.5", "万元", "125000.00"),
        (Decimal("0.0135"), "亿元", "1350000.00"),
        ("1.35亿", "万元", "135000000.00"),  # a text unit overrides the header's
        (860, "元", "860.00"),
        ("-20万", "元", "-200000.00"),
        ("1,234,567.891", "元", "1234567.89"),
    ],
)
def test_money(raw, unit, expected):
    assert parse_money(raw, unit) == Decimal(expected)


@pytest.mark.parametrize("raw", ["一百万", "12亿美元", "abc", "1.2.3万", "万"])
def test_bad_money_is_an_error(raw):
    with pytest.raises(CellError, match="不是有效的金额"):
        parse_money(raw)


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_empty_is_unknown_never_zero(empty):
    assert parse_money(empty) is None
    assert parse_int(empty) is None
    assert parse_bool(empty) is None
    assert parse_date(empty) is None


@pytest.mark.parametrize(
    "raw",
    ["2023-06-30", "2023/6/30", "2023年6月30日", "2023.6.30", 45107, "45107", dt.datetime(2023, 6, 30, 0, 0)],
)
def test_dates(raw):
    assert parse_date(raw) == dt.date(2023, 6, 30)


@pytest.mark.parametrize("raw", ["2023-02-30", "30/6/2023", "去年"])
def test_bad_dates(raw):
    with pytest.raises(CellError):
        parse_date(raw)


@pytest.mark.parametrize(("raw", "expected"), [("是", True), ("否", False), ("Y", True), ("n", False),
                                               ("TRUE", True), ("false", False), (1, True), ("0", False)])  # fmt: skip
def test_bools(raw, expected):
    assert parse_bool(raw) is expected


def test_bad_bool():
    with pytest.raises(CellError, match="应为“是”或“否”"):
        parse_bool("也许")


def test_ints():
    assert parse_int("1,200") == 1200
    assert parse_int(35.0) == 35
    with pytest.raises(CellError):
        parse_int("3.5")
    with pytest.raises(CellError, match="负数"):
        parse_int(-1)


def test_percent():
    assert parse_percent("12.5%") == Decimal("0.125")
    assert parse_percent(0.125) == Decimal("0.125")
    assert parse_percent("12.5") == Decimal("0.125")
    with pytest.raises(CellError):
        parse_percent("150%")


def test_choice_with_curly_quotes():
    choices = ['专精特新"小巨人"企业', "高新技术企业"]
    assert parse_choice("专精特新“小巨人”企业", choices) == choices[0]
    with pytest.raises(CellError, match="应为以下之一"):
        parse_choice("高企", choices)


def test_text_from_excel_number():
    assert parse_text(13800001111.0) == "13800001111"


PLAIN = ["12", "12.345", " 7 ", "", None, 5, 2.675, Decimal("1.005"), "0012", "０"]


@pytest.mark.parametrize(("kind", "unit"), [("money", "元"), ("money", "万元"), ("int", "元")])
def test_column_parser_reads_every_cell_as_the_cell_parser(kind, unit):
    cell = parser_for(kind, unit)

    def readable(value):
        try:
            cell(value)
        except CellError:
            return False
        return True

    cells = [c for c in PLAIN if readable(c)]
    assert len(cells) > 6
    assert [repr(v) for v in column_parser(kind, unit)(cells)] == [repr(cell(c)) for c in cells]


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "很多", True, "-3", "1.35亿"])
def test_column_parser_gives_up_on_cells_it_does_not_read_inline(bad):
    """The reader then reads the column cell by cell (1.35亿 is fine there, the others are reported)."""
    kind = "int" if bad == "-3" else "money"
    with pytest.raises((CellError, ArithmeticError)):
        column_parser(kind)(["1", bad])
