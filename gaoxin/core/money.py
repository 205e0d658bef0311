"""Money: handled in 元 as Decimal (two places), stored as integer 分 (``gaoxin.core.fields.MoneyField``);
the engine works in integer 分 (``to_fen``).

Display follows government usage: amounts ≥ 1 亿元 in 亿元, ≥ 1 万元 in 万元, else 元.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from gaoxin.engine.units import FEN_LIMIT, to_fen  # one conversion to 分 for the whole project

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
CENT = Decimal("0.01")
#: The largest amount stored, in 元 (exclusive): 100 万亿元, 14 digits before the point (99999999999999.99
#: is the largest). Far above any enterprise's figure, and low enough that a zone's sums in 分 (SQLite's
#: SUM and the engine's Int64 raise or wrap past 2^63) stay exact over hundreds of maximal rows.
MONEY_LIMIT = Decimal(FEN_LIMIT).scaleb(-2)  # 10^14 元
LIMIT_TEXT = "金额超出允许范围（绝对值须小于 100 万亿元）"

__all__ = ["CENT", "LIMIT_TEXT", "MONEY_LIMIT", "WAN", "YI", "format_money", "from_fen", "to_fen"]


def from_fen(fen: int | None) -> Decimal | None:
    if fen is None:
        return None
    return (Decimal(fen) / 100).quantize(CENT)


def _trim(d: Decimal, places: int) -> str:
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{q:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_money(yuan: Decimal | int | float | str | None, unit: str | None = None, places: int = 2) -> str:
    """'1.35亿元', '3,200万元', '860元'; ``unit`` forces 元/万元/亿元."""
    if yuan is None or yuan == "":
        return "—"
    d = Decimal(str(yuan))
    if unit is None:
        unit = "亿元" if abs(d) >= YI else "万元" if abs(d) >= WAN else "元"
    divisor = {"元": Decimal(1), "万元": WAN, "亿元": YI}[unit]
    return f"{_trim(d / divisor, places)}{unit}"
