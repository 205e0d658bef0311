"""The list exports of every app: one view per import/export kind, with the list page's filters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from gaoxin.transfer.exporting import export_bytes
from gaoxin.transfer.kinds import get_kind

from .generic import deny, xlsx_response


def export_view(kind_name: str):
    """A view exporting ``kind_name`` with the list's filters (same query string as the list page)."""

    @login_required
    def view(request):
        kind = get_kind(kind_name)
        try:
            data, _ = export_bytes(kind, request.user, "xlsx", request.GET, request)
        except PermissionDenied:
            deny(request, kind.export_capability)
        return xlsx_response(data, f"{kind.label}.xlsx")

    return view
