"""Formula (CSV) injection: one rule for every csv/xlsx export and its import (OWASP).

A text cell that a spreadsheet would run as a formula — it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return — is written with a leading ``'``; the stored value is unchanged. A text that already starts
with ``'`` before such a character gets one more, so :func:`restore` (applied by the importer) gives back
exactly the stored text: export → import is lossless. Plain numbers (``-12.5``) are left alone."""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def _needs_quote(text: str) -> bool:
    if text.startswith(TRIGGERS):
        return not _NUMBER.fullmatch(text)
    return text.startswith("'") and _needs_quote(text[1:])


def neutralise(value):
    """The value as written to an export cell (only strings change)."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def restore(value):
    """The inverse of :func:`neutralise` for a cell read from an import file."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value
