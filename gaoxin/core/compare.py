"""Comparing an object's stored state with what an import would write, by normalised value.

A re-imported export must be a no-op: ``30.43011`` read from a cell is the stored ``30.430110``, and ``""``
and ``None`` of a text field are the same blank. Snapshots (``TrackedModel.snapshot()``) hold decimals as
text, so they are compared as numbers; ``version`` never counts.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

IGNORED = {"version", "created", "last_updated"}


def _normal(value):
    if value == "":
        return None
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return number.normalize() if number.is_finite() else value
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value


def same_state(before: dict, after: dict, decimal_fields: set[str] | None = None) -> bool:
    """True when the two snapshots hold the same values. ``decimal_fields``: the attnames holding numbers
    (as text in a snapshot); others are compared as they are (a text ``1.0`` is not ``1``)."""
    keys = (set(before) | set(after)) - IGNORED
    for key in keys:
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        if decimal_fields is None or key in decimal_fields:
            if _normal(a) == _normal(b):
                continue
        elif (a in ("", None)) and (b in ("", None)):
            continue
        return False
    return True


def decimal_attnames(model) -> set[str]:
    from django.db import models

    return {
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.DecimalField | models.FloatField)
    }
