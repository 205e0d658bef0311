"""JSON with exact decimals: a Decimal is written as the number it is (4766.22, 0.2288), never through a
binary float and never as a string."""

from __future__ import annotations

import json
import re
from decimal import Decimal

_MARK = "\u0000decimal:"
_MARKED = re.compile(r'"\\u0000decimal:([-0-9.E+]+)"')


def _mark(value):
    if isinstance(value, Decimal):
        return _MARK + format(value, "f")
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mark(v) for v in value]
    return value


def dumps(value, indent: int | None = None) -> str:
    text = json.dumps(_mark(value), ensure_ascii=False, indent=indent)
    return _MARKED.sub(lambda m: m.group(1), text)
