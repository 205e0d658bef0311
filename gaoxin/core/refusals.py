"""Refused access is an audit fact (等保: 越权访问 is recorded), whichever face refused it.

The page and API error handlers call ``audit_refusal`` for every 403 and 404 they answer, including
refusals raised deep inside an action: the row is written at the boundary, after the action's
transaction has been rolled back, so it survives. Code that records its own refusal (with a better
detail) marks the exception ``audited`` and the handlers do not write it a second time.
"""

from __future__ import annotations

from .context import client_ip


def record_refusal(request, detail: str, status: int = 403) -> None:
    from .actions import record_security_event
    from .models.changelog import SecurityEventKind

    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    record_security_event(
        SecurityEventKind.PERMISSION_DENIED,
        user if signed_in else None,
        username=user.get_username() if signed_in else "",
        ip=client_ip(request),
        detail=f"{status} {request.method} {request.path} {detail}".strip(),
    )


def audit_refusal(request, exc=None, status: int = 403) -> None:
    """Record ``exc`` (a PermissionDenied or Http404) once; refusals already recorded are skipped."""
    if exc is not None and getattr(exc, "audited", False):
        return
    record_refusal(request, str(exc or "") if status == 403 else "记录不存在或无权访问", status)
    if exc is not None:
        exc.audited = True
