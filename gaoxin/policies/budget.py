"""Budget arithmetic in integer 分: pro rata cuts (largest remainder, so the parts add up to exactly the
budget), cuts in match order, fund shares by level, and publicity periods in working days."""

from __future__ import annotations

from datetime import date, timedelta


def pro_rata(amounts: list[int], budget: int) -> list[int]:
    """Scale ``amounts`` (分) down so they total exactly ``budget`` when they exceed it: each gets
    floor(a × budget / total), and the 分 left over go one each to the largest remainders (ties: the
    earlier claim). Amounts within the budget are returned unchanged."""
    total = sum(amounts)
    if total <= budget:
        return list(amounts)
    if budget <= 0:
        return [0] * len(amounts)
    parts = [a * budget // total for a in amounts]
    remainders = [(-(a * budget % total), i) for i, a in enumerate(amounts)]
    for _, i in sorted(remainders)[: budget - sum(parts)]:
        parts[i] += 1
    return parts


def in_order(amounts: list[int], budget: int) -> list[int]:
    """Fill the claims in their order until the budget is spent (the last one partly)."""
    out, left = [], max(budget, 0)
    for a in amounts:
        take = min(a, left)
        out.append(take)
        left -= take
    return out


def split_shares(amount: int, shares: dict[str, int]) -> dict[str, int]:
    """An amount split by level shares (parts per million), exact to the 分: the parts add up to it."""
    if not shares:
        return {"区级": amount}
    levels = list(shares)
    parts = pro_rata([amount * shares[k] for k in levels], amount) if amount else [0] * len(levels)
    return dict(zip(levels, parts, strict=True))


def add_working_days(start: date, days: int) -> date:
    """The last day of a publicity period of ``days`` working days (Monday–Friday) starting on ``start``
    (or the next working day). Public holidays are not modelled: zones set the length to cover them."""
    day = start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    counted = 1
    while counted < days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day
