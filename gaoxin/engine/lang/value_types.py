"""The types the checker gives expressions (gaoxin.engine.lang.types), with their Chinese names.

Value types: num (with a unit: money 元, count, ratio, usd100m 亿美元, or a bare literal 'lit'),
bool, text (optionally with allowed choices), date, score (a points range), each possibly a year
vector (``field[y-3..y-1]``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

UNIT_ZH = {"money": "金额", "count": "数量", "ratio": "比例", "usd100m": "估值（亿美元）", "lit": "数字"}
KIND_ZH = {"num": "数值", "bool": "是/否", "text": "文本", "date": "日期", "score": "评分"}


@dataclass(frozen=True)
class ValueType:
    kind: str  # num, bool, text, date, score
    unit: str | None = None  # num only
    choices: tuple[str, ...] | None = None
    years: tuple[int, ...] | None = None  # a year vector: offsets relative to y

    def scalar(self) -> ValueType:
        return replace(self, years=None)

    def zh(self) -> str:
        base = UNIT_ZH.get(self.unit, "数值") if self.kind == "num" else KIND_ZH[self.kind]
        return base + ("（多年）" if self.years else "")


BOOL, DATE, COUNT, TEXT = ValueType("bool"), ValueType("date"), ValueType("num", "count"), ValueType("text")
