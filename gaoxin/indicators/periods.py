"""Reporting periods: ``2017-06`` (month), ``2017Q2`` (quarter), ``2017`` (year), pure Python.

A period is known by its year and the months elapsed at its end (``2017Q2`` → 6), which orders periods
of every frequency on one axis and gives 序时进度 (months elapsed ÷ 12, quarters ÷ 4 being the same).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:[Qq]|年?第?)\s*([1-4一二三四])\s*季?度?$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")
_QUARTER_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


class PeriodError(ValueError):
    """A period that cannot be read; ``str(exc)`` is the Chinese reason."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    months: int  # months elapsed in the year at the period's end: 1–12
    frequency: str  # 月, 季, 年

    @property
    def code(self) -> str:
        if self.frequency == "月":
            return f"{self.year}-{self.months:02d}"
        if self.frequency == "季":
            return f"{self.year}Q{self.months // 3}"
        return str(self.year)

    @property
    def label(self) -> str:
        """As a bulletin writes it: 2017年1—6月, 2017年第二季度 (cumulative: 1—6月), 2017年."""
        if self.frequency == "年":
            return f"{self.year}年"
        if self.months == 1:
            return f"{self.year}年1月"
        return f"{self.year}年1—{self.months}月"

    @property
    def schedule(self) -> Fraction:
        """序时进度: the share of the year elapsed."""
        return Fraction(self.months, 12)

    @property
    def step(self) -> int:
        return {"月": 1, "季": 3, "年": 12}[self.frequency]

    def previous(self) -> Period | None:
        """The previous period of the same frequency in the same year (None for the first)."""
        if self.months <= self.step:
            return None
        return Period(self.year, self.months - self.step, self.frequency)

    def last_year(self) -> Period:
        return Period(self.year - 1, self.months, self.frequency)


def parse_period(text) -> Period:
    """``2017-06``, ``2017/6``, ``2017年6月``, ``2017Q2``, ``2017年第二季度``, ``2017``."""
    raw = "" if text is None else str(text).strip()
    if isinstance(text, float) and text.is_integer():
        raw = str(int(text))
    if m := _MONTH.match(raw):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"“{raw}”的月份应在 1–12 之间")
        return Period(year, month, "月")
    if m := _QUARTER.match(raw):
        quarter = _QUARTER_DIGITS.get(m.group(2)) or int(m.group(2))
        return Period(int(m.group(1)), quarter * 3, "季")
    if m := _YEAR.match(raw):
        return Period(int(m.group(1)), 12, "年")
    raise PeriodError(f"“{raw}”不是有效的期间，应为 2017-06（月）、2017Q2（季）或 2017（年）")
