"""The audit log page and its xlsx export (审计管理员 only): the same filters on both — account, event
type (or change action), date range — and the export itself is an audited event.

Retention: audit rows are never purged by the application (no delete path exists; the ORM refuses and on
PostgreSQL a trigger refuses UPDATE/DELETE), so the Cybersecurity Law's six months are always kept.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from gaoxin.core.masking import NOBODY, shown_diff
from gaoxin.core.models import ObjectChange, SecurityEvent
from gaoxin.core.models.changelog import ChangeAction, SecurityEventKind
from gaoxin.transfer.writer import write_xlsx
from gaoxin.web.generic import deny, xlsx_response

from .. import actions

EXPORT_LIMIT = 200_000  # rows in one export file


def _day(request, name: str) -> dt.date | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"日期“{text[:20]}”格式不正确，请按 2026-10-18 填写")


def filtered(request) -> tuple[str, object, dict]:
    """(tab, queryset, the filters as given) for the page and the export."""
    tab = "security" if request.GET.get("tab") == "security" else "changes"
    if tab == "security":
        qs, user_field, kinds = SecurityEvent.objects.all(), "username", SecurityEventKind
    else:
        qs, user_field, kinds = ObjectChange.objects.select_related("content_type"), "user_name", ChangeAction
    filters = {"user": request.GET.get("user", "").strip(), "kind": request.GET.get("kind", "").strip()}
    if filters["user"]:
        qs = qs.filter(**{f"{user_field}__icontains": filters["user"]})
    if filters["kind"]:
        if filters["kind"] not in kinds.values:
            raise BadRequest(f"事件类型“{filters['kind'][:20]}”不存在")
        qs = qs.filter(**{"kind" if tab == "security" else "action": filters["kind"]})
    zone = timezone.get_current_timezone()
    if start := _day(request, "date_from"):
        qs = qs.filter(time__gte=dt.datetime.combine(start, dt.time.min, zone))
        filters["date_from"] = start.isoformat()
    if end := _day(request, "date_to"):
        qs = qs.filter(time__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, zone))
        filters["date_to"] = end.isoformat()
    return tab, qs, filters


@login_required
def audit(request):
    """The audit log: data changes and security events. Readable by the audit administrator only."""
    if not request.user.can("audit.view"):
        deny(request, "audit.view")
    tab, qs, filters = filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.setdefault("tab", tab)
    kinds = SecurityEventKind.choices if tab == "security" else ChangeAction.choices
    context = {"title": "审计日志", "tab": tab, "page": page, "query": query.urlencode(), "kinds": kinds,
               "filters": filters}  # fmt: skip
    return render(request, "organization/audit.html", context)


@login_required
def audit_export(request):
    if not request.user.can("audit.view"):
        deny(request, "audit.view")
    tab, qs, filters = filtered(request)
    viewer = request.user or NOBODY
    local = timezone.localtime
    if tab == "security":
        headers = ["时间", "事件", "账号", "IP 地址", "说明"]
        rows = ([f"{local(e.time):%Y-%m-%d %H:%M:%S}", e.get_kind_display(), e.username, e.ip or "", e.detail]
                for e in qs[:EXPORT_LIMIT])  # fmt: skip
    else:
        headers = ["时间", "操作人", "IP 地址", "来源", "操作", "对象", "变更（前 → 后）"]
        rows = (
            [f"{local(c.time):%Y-%m-%d %H:%M:%S}", c.user_name, c.ip or "", c.source, c.get_action_display(),
             f"{c.content_type.name}：{c.object_repr}",
             "；".join(f"{f}：{a or '（空）'} → {b or '（空）'}" for f, a, b in shown_diff(c.diff(), viewer))]
            for c in qs[:EXPORT_LIMIT]
        )  # fmt: skip
    title = "安全事件" if tab == "security" else "数据变更"
    content = write_xlsx(headers, rows, title=title)
    actions.record_audit_export(request, title, filters)
    return xlsx_response(content, f"审计日志-{title}-{timezone.localdate():%Y%m%d}.xlsx")
