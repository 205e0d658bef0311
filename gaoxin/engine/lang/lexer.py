"""Tokenizer. Numbers are read as exact fractions; a number may carry a unit suffix (万元, %, 亿美元 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from gaoxin.engine.lang.errors import RuleError

KEYWORDS = {"and", "or", "not", "if", "then", "else", "is", "null", "in", "true", "false"}

# unit suffix -> (unit kind, factor to the natural unit of that kind)
UNITS = {
    "亿美元": ("usd100m", Fraction(1)),
    "亿元": ("money", Fraction(100_000_000)),
    "万元": ("money", Fraction(10_000)),
    "元": ("money", Fraction(1)),
    "%": ("ratio", Fraction(1, 100)),
}

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      |(?P<num>\d+(?:\.\d+)?)(?P<unit>亿美元|亿元|万元|元|%)?
      |(?P<str>'[^'\n]*'|"[^"\n]*")
      |(?P<ident>[A-Za-z_][A-Za-z0-9_]*)
      |(?P<op>\.\.|==|!=|>=|<=|[-+*/^()\[\],.<>])""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # num, str, ident, kw, op, end
    text: str
    pos: int
    value: object = None  # Fraction for numbers, str for strings
    unit: str | None = None  # unit kind of a number literal


def tokenize(source: str) -> list[Token]:
    tokens, pos = [], 0
    while pos < len(source):
        found = _TOKEN.match(source, pos)
        if not found:
            raise RuleError(f"无法识别的字符 “{source[pos]}”", source, pos)
        if found.group("num"):
            value, unit = Fraction(found.group("num")), None
            if found.group("unit"):
                unit, factor = UNITS[found.group("unit")]
                value *= factor
            tokens.append(Token("num", found.group(0), pos, value, unit))
        elif found.group("str"):
            tokens.append(Token("str", found.group(0), pos, found.group(0)[1:-1]))
        elif found.group("ident"):
            word = found.group("ident")
            tokens.append(Token("kw" if word in KEYWORDS else "ident", word, pos))
        elif found.group("op"):
            tokens.append(Token("op", found.group("op"), pos))
        pos = found.end()
    tokens.append(Token("end", "", len(source)))
    return tokens
