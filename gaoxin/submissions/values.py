"""Reported values as JSON and back, and the diff shown to the reviewer (labels from the models)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models

from gaoxin.core.fields import MoneyField
from gaoxin.core.models.base import to_json_value
from gaoxin.core.money import format_money

from .choices import Kind


def model_for(kind: str):
    from gaoxin.registry.models import Enterprise, EnterpriseYear, Qualification

    return {Kind.ENTERPRISE: Enterprise, Kind.YEAR: EnterpriseYear, Kind.QUALIFICATION: Qualification}[kind]


def field_of(model, name: str):
    for f in model._meta.concrete_fields:
        if name in (f.name, f.attname):
            return f
    raise KeyError(name)


def dump(model, values: dict) -> dict:
    """{attname: JSON value}: foreign keys by id, decimals and dates as text."""
    out = {}
    for name, value in values.items():
        field = field_of(model, name)
        if field.is_relation and isinstance(value, models.Model):
            value = value.pk
        out[field.attname] = to_json_value(value)
    return out


def load(model, values: dict) -> dict:
    """The stored JSON back to Python values ({attname: value}) for the registry actions."""
    out = {}
    for attname, value in values.items():
        field = field_of(model, attname)
        target = field.target_field if field.is_relation else field
        out[attname] = None if value is None else target.to_python(value)
    return out


def is_money(field) -> bool:
    return isinstance(field, MoneyField) or (
        isinstance(field, models.DecimalField) and field.decimal_places == 2
    )


def show(field, value) -> str:
    """A value as the reviewer reads it: 万元/亿元, dates as 2026-10-18, choices by their label."""
    if value in (None, ""):
        return "（空）"
    if field.is_relation:
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else str(value)
    value = field.to_python(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if is_money(field):
        return format_money(value)
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def diff(submission, current: dict | None = None) -> list[dict]:
    """Each reported field: label, the value when reported, the value now (if it moved since), the new one."""
    model = model_for(submission.kind)
    rows = []
    for attname, new in submission.changes.items():
        field = field_of(model, attname)
        old = submission.before.get(attname)
        now = (current or {}).get(attname, old)
        rows.append(
            {
                "label": str(field.verbose_name),
                "before": show(field, old),
                "after": show(field, new),
                "moved": current is not None and to_json_value(now) != old,
                "now": show(field, now),
            }
        )
    return rows
