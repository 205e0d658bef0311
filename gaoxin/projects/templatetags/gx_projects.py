from django import template

from ..choices import STATUS_COLOURS

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    """{% if user|can:"projects.edit" %}: the capability check pages use (never role names)."""
    return bool(getattr(user, "is_authenticated", False) and user.can(capability))


@register.filter
def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "#868e96")
