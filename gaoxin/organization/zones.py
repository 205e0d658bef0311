"""Which zone (园区) the code works in. A fresh database has none until ``gaoxin zone init``: every face
that needs one asks ``current_zone()``, which raises ``ZoneMissing`` with the message users see — the CLI
prints it and exits 1, pages show the first-run notice — never a traceback or an IntegrityError."""

from __future__ import annotations

ZONE_MISSING = "尚未初始化园区，请先运行 gaoxin zone init"


class ZoneMissing(Exception):
    def __init__(self, message: str = ZONE_MISSING):
        super().__init__(message)


def current_zone(user=None):
    """The person's zone, else the installation's (first) zone; raises ZoneMissing on an empty database."""
    from .models import Zone

    if user is not None and getattr(user, "zone_id", None):
        return user.zone
    zone = Zone.objects.order_by("pk").first()
    if zone is None:
        raise ZoneMissing()
    return zone


def zone_named(name: str | None):
    """The zone called ``name`` (a command's ``--zone``), else the installation's; a name that matches no
    zone is a CommandError naming it (the CLI prints it and exits 1)."""
    from django.core.management.base import CommandError

    from .models import Zone

    if not name:
        return current_zone()
    zone = Zone.objects.filter(name=name).first()
    if zone is None:
        raise CommandError(f"未找到园区：{name}")
    return zone


def zone_exists() -> bool:
    from .models import Zone

    return Zone.objects.exists()
