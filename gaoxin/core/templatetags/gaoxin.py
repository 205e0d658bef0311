from django import template

from gaoxin.core.masking import NOBODY, shown, shown_diff
from gaoxin.core.money import format_money

register = template.Library()


@register.filter
def money(value, unit=None):
    """{{ x|money }} → '1.35亿元'; {{ x|money:'万元' }} forces the unit."""
    return format_money(value, unit or None)


@register.filter
def phone(value, user=None):
    return shown("phone", value, user or NOBODY)  # no viewer given: masked


@register.filter
def id_number(value, user=None):
    return shown("id_number", value, user or NOBODY)


@register.filter
def diff_for(change, user):
    """{% for f, a, b in c|diff_for:request.user %}: a change row's diff, masked for the viewer."""
    return shown_diff(change.diff(), user or NOBODY)


@register.filter
def percent(value, places=1):
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(places)}f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
