"""Parsing one spreadsheet cell into a stored value (pure Python, no Django).

Every parser takes the raw cell (``None``, ``str``, ``int``, ``float``, ``Decimal``, ``date``/``datetime``
as openpyxl or the csv reader give it) and returns the stored value, ``None`` for an empty cell (unknown,
never zero), or raises :class:`CellError` whose message is a Chinese reason fit for an error report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache, partial
from typing import NamedTuple

from .money import LIMIT_TEXT, MONEY_LIMIT

CENT = Decimal("0.01")
#: Multipliers of the money units a header or a text amount may carry.
MONEY_UNITS = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "亿元": Decimal(10**8),
    "亿": Decimal(10**8),
}
EXCEL_EPOCH = dt.date(1899, 12, 30)

_MONEY_TEXT = re.compile(r"([+-]?\d+(?:\.\d+)?)(亿元|万元|亿|万|元)?")
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
)
_BOOL = {
    "是": True, "否": False, "y": True, "n": False, "yes": True, "no": False,
    "true": True, "false": False, "1": True, "0": False, "有": True, "无": False,
}  # fmt: skip
_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "「": '"', "」": '"'})


class CellError(ValueError):
    """A cell that cannot be read; ``str(exc)`` is the Chinese reason."""


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    return str(value).strip().replace("，", ",").replace("　", "").replace(" ", "").replace("\u00a0", "")


_DIGITS_AFTER_COMMA = re.compile(r",(\d*)")


def _without_grouping(text: str, value) -> str:
    """``text`` (from ``_text``) with its thousands separators removed. A comma must be followed by
    exactly three digits (``1,234.56``); otherwise it is a decimal comma (``1234,56``, ``1 234,56``) and
    reading it as a separator would multiply the amount by 100 — an error instead."""
    if "," not in text:
        return text
    for match in _DIGITS_AFTER_COMMA.finditer(text):
        if len(match.group(1)) != 3 or "." in text[: match.start()]:
            raise CellError(f"“{value}”中的逗号不是千位分隔符：小数点请用“.”（如 1234.56）")
    return text.replace(",", "")


def parse_text(value) -> str | None:
    """Text as given, trimmed; numbers from Excel without a spurious '.0'."""
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_decimal(value) -> Decimal | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError("应为数值")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:  # the common case first: a plain number as text
        result = Decimal(value)
        if result.is_finite():
            return result
    except (InvalidOperation, TypeError, ValueError):
        pass
    try:
        result = Decimal(_without_grouping(_text(value), value))
    except InvalidOperation:
        raise CellError(f"“{value}”不是有效的数值")
    if not result.is_finite():
        raise CellError(f"“{value}”不是有效的数值")
    return result


def parse_money(value, unit: str = "元") -> Decimal | None:
    """Amount in 元 (two decimals). ``unit`` is the header's unit; a text suffix (亿/万/元) overrides it.

    ``1.35亿`` → 135000000.00; ``3,200万`` → 32000000.00; ``5000万元`` → 50000000.00.
    """
    if value is None or value == "":
        return None
    factor = MONEY_UNITS[unit]
    if type(value) is str:
        try:  # the common case first: a plain number as text
            amount = Decimal(value)
        except InvalidOperation:
            amount = None
        if amount is not None and amount.is_finite():
            if unit != "元":
                amount *= factor
            return _to_cent(amount)
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError("应为金额")
    if isinstance(value, int | float | Decimal):
        amount = parse_decimal(value)
    else:
        match = _MONEY_TEXT.fullmatch(_without_grouping(_text(value), value))
        if not match:
            raise CellError(f"“{value}”不是有效的金额，应为数字或“1.35亿”“3,200万”“5000万元”形式")
        amount = Decimal(match.group(1))
        if match.group(2):
            factor = MONEY_UNITS[match.group(2)]
    return _to_cent(amount * factor)


def _to_cent(amount: Decimal) -> Decimal:
    """元 to the 分 (half up), or CellError when beyond what a money column stores (checked before the
    rounding too: quantizing 1e30 would overflow the decimal context)."""
    if -MONEY_LIMIT < amount < MONEY_LIMIT:
        amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
        if -MONEY_LIMIT < amount < MONEY_LIMIT:
            return amount
    raise CellError(LIMIT_TEXT)


class Quantity(NamedTuple):
    """A number as written and the unit it was written in (the header's or its own suffix; "" = none)."""

    number: Decimal
    unit: str


_QUANTITY_TEXT = re.compile(r"([+-]?\d+(?:\.\d+)?)(亿元|万元|亿|万|元|%|％)?")


def parse_quantity(value, unit: str = "") -> Quantity | None:
    """A figure whose unit the importing kind converts (e.g. to each indicator's own unit): ``4766.22``
    under ``累计值（亿元）`` → (4766.22, 亿元); ``1.35亿`` → (1.35, 亿元); ``12.5%`` → (12.5, %)."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError("应为数值")
    if isinstance(value, int | float | Decimal):
        return Quantity(parse_decimal(value), unit)
    match = _QUANTITY_TEXT.fullmatch(_without_grouping(_text(value), value))
    if not match:
        raise CellError(f"“{value}”不是有效的数值")
    suffix = {"亿": "亿元", "万": "万元", "％": "%"}.get(match.group(2), match.group(2))
    return Quantity(Decimal(match.group(1)), suffix or unit)


def parse_int(value, minimum: int | None = 0) -> int | None:
    """A whole number (counts are non-negative by default)."""
    if value is None or value == "":
        return None
    if type(value) is str and value.isascii() and value.isdigit() and (minimum or 0) <= 0:  # common case
        return int(value)  # no sign: never below a minimum of 0
    if is_empty(value):
        return None
    try:
        number = parse_decimal(value)
    except CellError:
        raise CellError(f"“{value}”不是有效的整数")
    if number != number.to_integral_value():
        raise CellError(f"“{value}”不是整数")
    result = int(number)
    if minimum is not None and result < minimum:
        raise CellError(f"不得小于 {minimum}" if minimum else "不得为负数")
    return result


def parse_percent(value) -> Decimal | None:
    """A share as a fraction: ``12.5%`` → 0.125; ``0.125`` → 0.125; a bare number above 1 is read as
    percentage points (``12.5`` → 0.125)."""
    if is_empty(value):
        return None
    text = _text(value) if isinstance(value, str) else None
    try:
        if text is not None and text.endswith(("%", "％")):
            result = Decimal(text[:-1]) / 100
        else:
            result = parse_decimal(value)
            if result > 1:
                result = result / 100
    except (InvalidOperation, CellError):
        raise CellError(f"“{value}”不是有效的百分比，应为“12.5%”或“0.125”形式")
    if not 0 <= result <= 1:
        raise CellError(f"“{value}”超出 0%–100% 范围")
    return result.normalize() if result else Decimal(0)


def parse_bool(value) -> bool | None:
    if type(value) is str and value in _BOOL:  # the common case: exactly 是 / 否
        return _BOOL[value]
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    key = _text(value).lower()
    if isinstance(value, int | float) and value in (0, 1):
        key = str(int(value))
    if key not in _BOOL:
        raise CellError(f"“{value}”应为“是”或“否”")
    return _BOOL[key]


def parse_date(value) -> dt.date | None:
    """``2023-06-30``, ``2023/6/30``, ``2023年6月30日``, ``2023.6.30``, a date/datetime or an Excel serial."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == int(value) and 0 <= value < 10000:  # a year (2021) or a day typed as a number
            raise CellError(f"{int(value)} 不是完整日期，请填写年月日（如 2021-06-30）")
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(f"“{value}”不是有效的日期")
    match = _DATE_TEXT.fullmatch(str(value).strip())
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise CellError(f"“{value}”不是存在的日期")
    if re.fullmatch(r"\d{1,5}(\.0)?", str(value).strip()):
        return parse_date(float(value))
    raise CellError(f"“{value}”不是有效的日期，应为 2023-06-30、2023/6/30 或 2023年6月30日")


def normalize_choice(value: str) -> str:
    return value.strip().translate(_QUOTES)


def parse_choice(value, choices) -> str | None:
    """One of ``choices`` (straight and curly quotes are treated alike: 专精特新“小巨人”企业)."""
    return _choice_parser(tuple(choices))(value)


@lru_cache(maxsize=64)
def _choice_parser(choices: tuple[str, ...]) -> Callable:
    """parse_choice for one set of choices, with the choices normalized once."""
    by_text = {normalize_choice(c): c for c in choices}

    def parse(value):
        if type(value) is str and value in by_text:  # the common case: exactly a choice
            return by_text[value]
        if is_empty(value):
            return None
        choice = by_text.get(normalize_choice(parse_text(value)))
        if choice is None:
            raise CellError(f"“{value}”不是可选值，应为以下之一：{'、'.join(choices)}")
        return choice

    return parse


def parser_for(kind: str, unit: str = "元", choices=()):
    """The parser of a template column type: text, int, decimal, money, quantity (a number and the unit it
    was written in, for kinds that convert per row), percent, bool, date, choice."""
    if kind == "money":
        return partial(parse_money, unit=unit)
    if kind == "quantity":
        return partial(parse_quantity, unit=unit)
    if kind == "choice":
        return _choice_parser(tuple(choices))
    return PARSERS[kind]


def column_parser(kind: str, unit: str = "元", choices=()) -> Callable[[list], list]:
    """cells → values for a whole column, read as ``parser_for`` reads each cell. Money and counts that are
    plain text numbers (nearly every cell of a large file) are read inline, with no call per cell; other
    cells go to the cell parser. Raises CellError or ArithmeticError if a cell fails: the caller then
    reads the column cell by cell to report each bad one."""
    cell = parser_for(kind, unit, choices)
    if kind == "int":
        return lambda cells: [
            None if v is None or v == ""
            else int(v) if type(v) is str and v.isascii() and v.isdigit()
            else int(v) if type(v) is float and v >= 0 and v.is_integer()  # spreadsheet numbers
            else cell(v)
            for v in cells
        ]  # fmt: skip
    if kind != "money":
        return lambda cells: list(map(cell, cells))
    factor = MONEY_UNITS[unit]

    def parse_money_column(cells):
        # As parse_money reads text: Decimal(text), scaled by the header's unit, to the cent. Text that
        # is no number raises InvalidOperation; NaN, the one non-number that does not, raises it in the
        # range check after (a Decimal NaN refuses to compare), as does an amount beyond MONEY_LIMIT.
        text, flt, D, cent, up = str, float, Decimal, CENT, ROUND_HALF_UP
        values = [
            None if v is None or v == ""
            else (D(v) * factor if factor != 1 else D(v)).quantize(cent, rounding=up) if type(v) is text
            else (D(repr(v)) * factor).quantize(cent, rounding=up) if type(v) is flt  # spreadsheet numbers
            else cell(v)
            for v in cells
        ]  # fmt: skip
        low, high = -MONEY_LIMIT, MONEY_LIMIT
        if not all(v is None or low < v < high for v in values):
            raise InvalidOperation("out of range")
        return values

    return parse_money_column


def parse_cell(kind: str, value, unit: str = "元", choices=()):
    return parser_for(kind, unit, choices)(value)


PARSERS = {
    "text": parse_text,
    "int": parse_int,
    "decimal": parse_decimal,
    "money": parse_money,
    "percent": parse_percent,
    "bool": parse_bool,
    "date": parse_date,
}
