"""Bulk look-ups for the registry imports: units and liaisons by name, scope, existing rows by key."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from gaoxin.core.bulk import chunked, fetch_rows
from gaoxin.organization.choices import Role, UnitKind
from gaoxin.organization.models import Unit, User

#: Units an enterprise can belong to: streets, towns, parks and the villages/communities under them.
ENTERPRISE_UNIT_KINDS = {
    UnitKind.SUBDISTRICT,
    UnitKind.TOWN,
    UnitKind.PARK,
    UnitKind.VILLAGE,
    UnitKind.COMMUNITY,
}


@dataclass
class PlannedRow:
    """One valid import row: the stored row it updates ({attname: value}, None = new), the values it
    sets and, for child rows, its enterprise as (id, credit code, name)."""

    row: int
    current: dict | None
    values: dict
    enterprise: tuple | None = None


class Lookups:
    def __init__(self, user):
        self.user = user
        self._units = None
        self._liaisons = None

    @property
    def sees_all(self) -> bool:
        u = self.user
        return u is None or u.role == Role.LEADER or (u.role == Role.STAFF and u.unit and u.unit.is_zone_wide)

    def scoped_ids(self, scope, ids: list[int]) -> set[int]:
        if self.sees_all:
            return set(ids)
        found = set()
        for chunk in chunked(ids):
            found.update(scope(self.user).filter(pk__in=chunk).values_list("pk", flat=True))
        return found

    def unit(self, name) -> tuple[Unit | None, str]:
        if not name:  # optional: stored without a unit (未分配), listed for zone staff to assign
            return None, ""
        if self._units is None:
            qs = Unit.objects.all()
            if self.user is not None and self.user.zone_id:
                qs = qs.filter(zone_id=self.user.zone_id)
            self._units = {u.name: u for u in qs}
        unit = self._units.get(str(name).strip())
        if unit is None:
            return None, f"“{name}”不是本园区的单位名称"
        if unit.kind not in ENTERPRISE_UNIT_KINDS:
            return None, f"“{name}”不是街道、镇或园区"
        if not self.sees_all and not unit.path.startswith(self.user.unit.path if self.user.unit else "-"):
            return None, f"“{name}”不在您的管辖范围内"
        return unit, ""

    def _liaison_index(self):
        if self._liaisons is None:
            people = list(User.objects.filter(role=Role.LIAISON, is_active=True))
            names = Counter(p.full_name for p in people if p.full_name)
            index = {p.username: p for p in people}
            index.update({p.full_name: p for p in people if p.full_name and names[p.full_name] == 1})
            self._liaisons = (index, {n for n, c in names.items() if c > 1})
        return self._liaisons

    def liaison(self, name) -> tuple[User | None, str]:
        if not name:
            return None, ""
        index, ambiguous = self._liaison_index()
        key = str(name).strip()
        if key in index:
            return index[key], ""
        if key in ambiguous:
            return None, f"有多名包联干部名为“{key}”，请填写账号"
        return None, f"“{key}”不是在岗的包联干部（填写账号或姓名）"

    def liaison_labels(self) -> dict[int, str]:
        """id → the name written in exports (姓名, or 账号 where the name is shared)."""
        index, _ = self._liaison_index()
        labels = {}
        for key, person in index.items():
            if key == person.full_name or person.pk not in labels:
                labels[person.pk] = key
        return labels

    @staticmethod
    def existing(model, enterprise_ids, key_fields: tuple[str, ...]) -> dict:
        """(enterprise id, *key values) → the stored row as {attname: value}, for the given enterprises."""
        attnames = [f.attname for f in model._meta.concrete_fields]
        rows = fetch_rows(model.objects.values(*attnames), "enterprise_id", enterprise_ids)
        return {(r["enterprise_id"], *(r[f] for f in key_fields)): r for r in rows}
