"""Name lookups for imports and reports: the zone's units (an empty name is the whole zone)."""

from __future__ import annotations

from gaoxin.organization.models import Unit, Zone


def zone_for(user) -> Zone | None:
    if user is not None and getattr(user, "zone_id", None):
        return user.zone
    return Zone.objects.order_by("pk").first()


def zone_unit(zone) -> Unit | None:
    """The root of the zone's unit tree (the 管委会): figures of the whole zone are filed under it."""
    return Unit.objects.filter(zone=zone, level=1).order_by("pk").first()


class ZoneUnits:
    """The zone's units by name; ``find("")`` is the whole zone."""

    def __init__(self, zone):
        self.root = zone_unit(zone)
        self.by_name = {u.name: u for u in Unit.objects.filter(zone=zone)}

    def find(self, name: str | None):
        """(unit, None) or (None, the Chinese reason)."""
        if not name or not name.strip():
            if self.root is None:
                return None, "本园区尚未建立组织机构"
            return self.root, None
        unit = self.by_name.get(name.strip())
        return (unit, None) if unit else (None, f"本园区没有名为“{name}”的单位")
