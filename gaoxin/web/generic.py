"""Generic views shared by every app (NetBox's ObjectListView / ObjectView / ObjectEditView, reshaped).

A list view is a scoped queryset + one FilterSet + one Table; the same FilterSet serves the page, the
API and the export, so they cannot disagree.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views import View

from gaoxin.core.refusals import audit_refusal, record_refusal


class CapabilityRequiredMixin(LoginRequiredMixin):
    capability: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.capability and not request.user.can(self.capability):
            deny(request, self.capability)
        return super().dispatch(request, *args, **kwargs)


def deny(request, capability: str = ""):
    """Record the refused access (an audit fact) and raise 403."""
    record_refusal(request, capability)
    exc = PermissionDenied("您没有权限访问此页面")
    exc.audited = True  # the 403 handler does not write it a second time
    raise exc


def need(request, capability: str) -> None:
    """A page's capability check: an audited 403 (see ``deny``) unless the user has ``capability``."""
    if not request.user.can(capability):
        deny(request, capability)


class Outcome:
    """What ``run`` did: true when the action succeeded; ``value`` is what it returned."""

    def __init__(self, ok: bool, value=None):
        self.ok, self.value = ok, value

    def __bool__(self):
        return self.ok


def run(request, fn, success: str) -> Outcome:
    """Call an action; show its Chinese refusal as a message instead of an error page."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError

    from gaoxin.core.actions import StaleVersionError

    try:
        value = fn()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return Outcome(False)
    except PermissionDenied as exc:
        audit_refusal(request, exc)  # a refusal raised inside an action is an audit fact too
        messages.error(request, str(exc))
        return Outcome(False)
    except StaleVersionError as exc:
        messages.error(request, str(exc))
        return Outcome(False)
    messages.success(request, success)
    return Outcome(True, value)


def save_zone_settings(request, form, zone, success: str, redirect_to: str):
    """A zone-settings page's POST (园区设置, 消息渠道): the form's settings saved under optimistic
    locking; the redirect once saved, else None with the refusal on the form."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from gaoxin.core.actions import StaleVersionError
    from gaoxin.core.context import Actor
    from gaoxin.organization.actions import update_zone_settings

    if request.method != "POST" or not form.is_valid():
        return None
    try:
        update_zone_settings(
            zone, form.to_settings(zone.settings), form.cleaned_data["version"], Actor.from_request(request)
        )
    except StaleVersionError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, success)
    return redirect(redirect_to)


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


class ObjectListView(CapabilityRequiredMixin, View):
    """Subclasses set: title, template_name (optional), filterset_class, table, and scoped_queryset()."""

    title = ""
    template_name = "web/object_list.html"
    filterset_class = None
    table = None
    per_page = 50
    export_url_name: str | None = None  # url of the xlsx export taking the same query string
    export_capability: str = ""  # what the export asks for (default: the list's capability)
    create_url_name: str | None = None
    create_capability: str = ""
    extra_actions: tuple = ()  # (url name, label[, capability]): shown only to those who may open them

    def scoped_queryset(self, request):
        raise NotImplementedError

    def filtered(self, request):
        qs = self.scoped_queryset(request)
        filterset = self.filterset_class(request.GET or None, queryset=qs, request=request)
        return filterset, filterset.qs

    def get(self, request):
        filterset, qs = self.filtered(request)
        order, sort = self.table.ordering(request.GET.get("sort"))
        qs = qs.order_by(order, _tie_break(order)) if order.lstrip("-") != "pk" else qs.order_by(order)
        paginator = Paginator(qs, self._per_page(request))
        page = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        sort_query = query.copy()
        sort_query.pop("sort", None)
        context = {
            "title": self.title,
            "filterset": filterset,
            "table": self.table,
            "page": page,
            "rows": self.table.rows(page.object_list),
            "sort": sort,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "export_url_name": self.export_url_name if self._may(request, self.export_capability) else None,
            "create_url_name": self.create_url_name if self._may(request, self.create_capability) else None,
            "extra_actions": [a[:2] for a in self.extra_actions if self._may(request, _capability(a))],
            "htmx": is_htmx(request),
            "view": self,
        }
        context.update(self.extra_context(request, qs))
        template = "includes/object_table.html" if is_htmx(request) else self.template_name
        return render(request, template, context)

    def _may(self, request, capability: str) -> bool:
        """Buttons lead only where the person may go (a button that ends in 403 is a defect)."""
        capability = capability or self.capability
        return not capability or request.user.can(capability)

    def _per_page(self, request) -> int:
        try:
            return max(10, min(200, int(request.GET.get("per_page", self.per_page))))
        except ValueError:
            return self.per_page

    def extra_context(self, request, qs) -> dict:
        return {}


def _capability(action: tuple) -> str:
    return action[2] if len(action) > 2 else ""


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _tie_break(order: str) -> str:
    """Ties in the same direction as the order: an index on the sort column (which holds the row's key)
    then serves the page as it stands, where a mixed direction (year DESC, id ASC) sorts every row."""
    return "-pk" if order.startswith("-") else "pk"
