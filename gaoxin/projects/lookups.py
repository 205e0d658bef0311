"""Bulk name lookups for imports: one query per table, then dictionary hits per row."""

from __future__ import annotations

from gaoxin.organization.models import Unit, User


def zone_of(context):
    """The importing person's zone (ZoneMissing on an empty database, not an IntegrityError on zone_id)."""
    from gaoxin.organization.zones import current_zone

    return current_zone(context.user)


class People:
    """Users of the zone by display name (姓名) or account name; a name shared by two people is ambiguous."""

    def __init__(self, zone):
        self.by_name: dict[str, list] = {}
        for user in User.objects.filter(zone=zone, is_active=True):
            for key in {user.full_name, user.username} - {""}:
                self.by_name.setdefault(key, []).append(user)

    def find(self, name: str | None, what: str):
        """(user or None, error or None)."""
        if not name:
            return None, None
        found = self.by_name.get(name.strip(), [])
        if len(found) == 1:
            return found[0], None
        if not found:
            return None, f"本园区没有名为“{name}”的{what}"
        return None, f"本园区有多人名为“{name}”，请填写账号"


class Units:
    def __init__(self, zone):
        self.by_name = {u.name: u for u in Unit.objects.filter(zone=zone)}

    def find(self, name: str | None):
        if not name:
            return None, None
        unit = self.by_name.get(name.strip())
        return (unit, None) if unit else (None, f"本园区没有名为“{name}”的单位")


def enterprises_by_uscc(codes: set[str]) -> dict:
    """Enterprises by 统一社会信用代码 (the registry app's model, when installed)."""
    from django.apps import apps

    try:
        model = apps.get_model("registry", "Enterprise")
    except LookupError:
        return {}
    return {e.uscc: e for e in model.objects.filter(uscc__in=codes)}
