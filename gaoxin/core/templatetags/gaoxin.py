from django import template

from gaoxin.core.masking import mask_id_number, mask_phone
from gaoxin.core.money import format_money

register = template.Library()


@register.filter
def money(value, unit=None):
    """{{ x|money }} → '1.35亿元'; {{ x|money:'万元' }} forces the unit."""
    return format_money(value, unit or None)


@register.filter
def phone(value, user=None):
    return value if getattr(user, "may_see_personal_data", False) else mask_phone(value)


@register.filter
def id_number(value, user=None):
    return value if getattr(user, "may_see_personal_data", False) else mask_id_number(value)


@register.filter
def percent(value, places=1):
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(places)}f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
