"""Who is acting, from where: carried through a request, a CLI run or an import.

Actions take an explicit ``Actor`` (Zulip style). Pages and the API build it from the request; the CLI
builds a system actor. ``current_actor()`` is only a fallback for code paths that record changes but
were not handed one (e.g. a signal).
"""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass, field

_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("gaoxin_actor", default=None)


@dataclass(frozen=True)
class Actor:
    user: object | None = None  # organization.User or None for the system
    ip: str | None = None
    source: str = "system"  # web | api | cli | import | system
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    note: str = ""

    @property
    def name(self) -> str:
        if self.user is None:
            return "系统"
        return getattr(self.user, "display_name", None) or str(self.user)

    @classmethod
    def from_request(cls, request, source: str = "web") -> Actor:
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        return cls(user=user, ip=client_ip(request), source=source)

    @classmethod
    def system(cls, note: str = "", user=None) -> Actor:
        return cls(user=user, source="cli", note=note)


def client_ip(request) -> str | None:
    # Only the direct peer is trusted; a proxy deployment sets GAOXIN_TRUST_X_FORWARDED_FOR (README).
    from django.conf import settings

    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


def current_actor() -> Actor:
    return _current.get() or Actor()


def set_actor(actor: Actor | None):
    return _current.set(actor)


def reset_actor(token) -> None:
    _current.reset(token)
