"""Exact conversion between the units an indicator value may be written in (pure Python)."""

from __future__ import annotations

from decimal import Decimal

MONEY = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(10**8)}
ALIASES = {"万": "万元", "亿": "亿元", "％": "%", "户": "家"}


def normalize_unit(text: str | None) -> str:
    unit = (text or "").strip()
    return ALIASES.get(unit, unit)


class UnitError(ValueError):
    """Two units that do not convert; ``str(exc)`` is the Chinese reason."""


def convert(value: Decimal | None, written: str | None, stored: str) -> Decimal | None:
    """``value`` written in ``written`` (empty: already ``stored``) expressed exactly in ``stored``.

    1234.56 万元 → 0.123456 亿元; 4766.22 亿元 → 47662200 万元; 个 ↔ 万元 is refused.
    """
    if value is None:
        return None
    source, target = normalize_unit(written) or stored, normalize_unit(stored)
    if source == target:
        return value
    if source in MONEY and target in MONEY:
        return value * MONEY[source] / MONEY[target]
    raise UnitError(f"计量单位“{source}”不能换算为指标的计量单位“{target}”")
