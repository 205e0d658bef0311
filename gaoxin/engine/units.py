"""Unit conversions into the engine's exact integer storage, and Chinese display of amounts.

Money enters the engine as Int64 分, whatever unit it was typed in: 1,264,000.01 元, 126.400001 万元 and
0.0126400001 亿元 are all 126400001 分, so the verdict on a boundary does not depend on the unit.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import polars as pl

MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
#: Amounts stored are below this many 分 in absolute value (100 万亿元; gaoxin.core.money.MONEY_LIMIT in 元),
#: so that a zone's sums of them stay far inside Int64.
FEN_LIMIT = 10**16


def to_fen(amount, unit: str = "元") -> int | None:
    """An amount in 元/万元/亿元 (int, str or Decimal; never a binary float) → integer 分."""
    if amount is None:
        return None
    if isinstance(amount, float):
        amount = repr(amount)  # the decimal the user typed, not the binary approximation
    fen = Decimal(amount) * MONEY_UNITS[unit] * 100
    return int(fen.to_integral_value(rounding=ROUND_HALF_UP))


def to_ppm(share) -> int | None:
    """A share as '12.5%', 0.125 or Decimal('0.125') → parts per million (125000)."""
    if share is None:
        return None
    text = str(share).strip()
    value = (
        Decimal(text[:-1]) / 100
        if text.endswith("%")
        else Decimal(repr(share) if isinstance(share, float) else text)
    )
    return int((value * 1_000_000).to_integral_value(rounding=ROUND_HALF_UP))


def to_usd_e4(valuation) -> int | None:
    """A valuation in 亿美元 → integer 1/10000 亿美元 (万美元)."""
    if valuation is None:
        return None
    value = Decimal(repr(valuation) if isinstance(valuation, float) else str(valuation))
    return int((value * 10_000).to_integral_value(rounding=ROUND_HALF_UP))


def _trim(amount: Decimal) -> str:
    text = f"{amount:,.2f}"
    return text.rstrip("0").rstrip(".")


def format_fen(fen: int | None, up: bool = False) -> str:
    """'1.35亿元', '3,200万元', '860元' from 分; ``up`` rounds a shortfall up so it is never understated."""
    if fen is None:
        return "—"
    yuan = Decimal(fen) / 100
    unit = (
        "亿元"
        if abs(yuan) >= MONEY_UNITS["亿元"] and not up
        else "万元"
        if abs(yuan) >= MONEY_UNITS["万元"]
        else "元"
    )
    value = yuan / MONEY_UNITS[unit]
    value = value.quantize(Decimal("0.01"), rounding=ROUND_CEILING if up else ROUND_HALF_UP)
    return f"{_trim(value)}{unit}"


def money_text_expr(fen: pl.Expr) -> pl.Expr:
    """Vectorised format_fen(up=True) for gap texts."""
    as_float = fen.cast(pl.Float64)

    def amount(divisor: float, unit: str) -> pl.Expr:
        hundredths = (as_float / (divisor / 100)).ceil()  # exact integers below 2^53
        whole, cents = (hundredths // 100).cast(pl.Int64), (hundredths % 100).cast(pl.Int64)
        frac = (
            pl.when(cents == 0)
            .then(pl.lit(""))
            .otherwise(pl.lit(".") + cents.cast(pl.String).str.zfill(2).str.strip_chars_end("0"))
        )
        return pl.concat_str([whole.cast(pl.String), frac, pl.lit(unit)])

    # gaps stay in 万元 even above 1亿元: rounding up to 0.01亿元 would overstate by up to 100万元
    return pl.when(fen >= 10**6).then(amount(1e6, "万元")).otherwise(amount(1e2, "元"))
