"""State changes of the unit tree (组织机构): create, rename, move, close. The system administrator's
(``units.manage``); the installer's CLI (an actor without a user) may run them too."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from gaoxin.core.actions import create_object, emit_event, require, update_object
from gaoxin.core.context import Actor

from .choices import UnitKind
from .models import Unit

MAX_LEVEL = 4


@transaction.atomic
def create_unit(zone, data: dict, actor: Actor) -> Unit:
    """``data``: name, kind, parent (a Unit; None = directly under the root 管委会), code."""
    require(actor, "units.manage")
    parent = data.get("parent") or _root(zone)
    _check_parent(parent)
    unit = Unit(
        zone=zone,
        parent=parent,
        name=data["name"].strip(),
        kind=data["kind"],
        code=(data.get("code") or "").strip(),
    )
    _check_name(unit)
    return create_object(unit, actor, event=("object.created", f"新增单位：{unit.name}"))


@transaction.atomic
def update_unit(unit: Unit, changes: dict, actor: Actor, expected_version: int | None = None) -> Unit:
    """Rename, change kind or code, or move under another parent (its whole subtree moves with it)."""
    require(actor, "units.manage")
    if unit.parent_id is None and changes.get("parent") is not None:
        raise ValidationError({"parent": "根单位（管委会）不能移动"})
    old_path, old_level, old_parent = unit.path, unit.level, unit.parent_id
    if "parent" in changes:
        changes["parent"] = changes["parent"] or (None if unit.parent_id is None else _root(unit.zone))
        if changes["parent"] is not None and changes["parent"].pk != old_parent:
            _check_move(unit, changes["parent"])
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        _check_name(
            Unit(pk=unit.pk, zone=unit.zone, parent=changes.get("parent", unit.parent), name=changes["name"])
        )
    updated = update_object(unit, changes, actor, expected_version=expected_version)
    if updated.parent_id != old_parent:
        _repath_subtree(updated, old_path, old_level)
        emit_event(updated, "organization.unit_moved", f"调整上级单位为：{updated.parent.name}", actor)
    return updated


@transaction.atomic
def close_unit(unit: Unit, closed_on: dt.date, actor: Actor) -> Unit:
    """撤销 with a date. A unit with units or active people still under it cannot close: they move first."""
    require(actor, "units.manage")
    if unit.parent_id is None:
        raise ValidationError({"closed_on": "根单位（管委会）不能撤销"})
    if unit.is_closed:
        raise ValidationError({"closed_on": f"{unit.name}已于 {unit.closed_on:%Y-%m-%d} 撤销"})
    open_children = unit.children.filter(closed_on__isnull=True).count()
    if open_children:
        raise ValidationError(
            {"closed_on": f"{unit.name}下仍有 {open_children} 个未撤销的下级单位，请先撤销或调整"}
        )
    people = unit.people.filter(is_active=True).count()
    if people:
        raise ValidationError({"closed_on": f"{unit.name}仍有 {people} 名在用账号，请先调整其所属单位或停用"})
    updated = update_object(unit, {"closed_on": closed_on}, actor, expected_version=unit.version)
    emit_event(updated, "organization.unit_closed", f"撤销单位（{closed_on:%Y-%m-%d}）", actor)
    return updated


def _root(zone) -> Unit:
    return Unit.objects.get(zone=zone, parent=None)


def _check_parent(parent: Unit) -> None:
    if parent.is_closed:
        raise ValidationError({"parent": f"上级单位“{parent.name}”已撤销"})


def _check_name(unit: Unit) -> None:
    if not unit.name:
        raise ValidationError({"name": "请填写单位名称"})
    clash = Unit.objects.filter(zone=unit.zone, name=unit.name).exclude(pk=unit.pk).first()
    if clash is not None:
        where = f"（上级：{clash.parent.name}）" if clash.parent_id else ""
        raise ValidationError({"name": f"单位名称“{unit.name}”已存在{where}"})


def _check_move(unit: Unit, parent: Unit) -> None:
    _check_parent(parent)
    if parent.path.startswith(unit.path):
        raise ValidationError({"parent": f"不能把“{unit.name}”移到其自身或下级单位“{parent.name}”之下"})
    deepest = unit.subtree().aggregate(m=Max("level"))["m"] or unit.level
    if parent.level + 1 + (deepest - unit.level) > MAX_LEVEL:
        raise ValidationError({"parent": f"移动后“{unit.name}”或其下级单位将超过四级"})


def _repath_subtree(unit: Unit, old_path: str, old_level: int) -> None:
    """The moved unit saved its own path and level; its descendants follow (paths are prefixes)."""
    unit.refresh_from_db()
    delta = unit.level - old_level
    descendants = list(Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk))
    for d in descendants:
        d.path = unit.path + d.path[len(old_path) :]
        d.level += delta
    Unit.objects.bulk_update(descendants, ["path", "level"])


KIND_BY_LABEL = {label: value for value, label in UnitKind.choices}
