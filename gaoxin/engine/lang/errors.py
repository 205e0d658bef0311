"""Errors of the rule language, always naming where in the source they occurred."""

from __future__ import annotations


def line_col(source: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = source[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col


class RuleError(ValueError):
    """A rule expression that cannot be parsed, type-checked or compiled.

    ``message`` is Chinese for the person who edits rule files; ``offset`` is a 0-based character
    offset into ``source``; ``where`` (e.g. 'hte/2016.yaml C5_rd_intensity.when') names the expression.
    """

    def __init__(self, message: str, source: str = "", offset: int = 0, where: str = ""):
        self.message, self.source, self.offset, self.where = message, source, offset, where
        self.line, self.col = line_col(source, offset)
        super().__init__(self.render())

    def render(self) -> str:
        place = f"（第 {self.line} 行第 {self.col} 列）"
        text = self.message.replace("{pos}", place) if "{pos}" in self.message else self.message + place
        return f"{self.where}：{text}" if self.where else text

    def located(self, where: str) -> RuleError:
        return RuleError(self.message, self.source, self.offset, where)


class UnitlessMoneyError(RuleError):
    """Money added to, subtracted from or compared with a bare number: the number needs a unit (元,
    万元 or 亿元). Raised as its own class so that a comparison keeps this message instead of reporting
    a plain unit mismatch."""
