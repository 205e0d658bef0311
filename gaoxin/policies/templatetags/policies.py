from django import template

from gaoxin.engine.describe import describe
from gaoxin.engine.units import format_fen

register = template.Library()


@register.filter
def fen(value):
    """Integer 分 → '1.35亿元' / '3,200万元' / '860元'."""
    return format_fen(value) if value not in (None, "") else "—"


@register.filter
def plain(source):
    """A rule-language expression in plain Chinese."""
    return describe(source) if source else "—"
