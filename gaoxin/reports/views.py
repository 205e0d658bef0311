from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gaoxin.problems.scopes import scoped_problems
from gaoxin.projects.scopes import scoped_projects
from gaoxin.web.generic import need

from . import bulletin, documents
from . import render as rendering


def _data(request):
    month = request.GET.get("month") or f"{timezone.localdate():%Y-%m}"
    try:
        return bulletin.monthly(
            request.user.zone, month, scoped_projects(request.user), scoped_problems(request.user)
        ), None
    except ValueError as exc:
        return None, str(exc)


@login_required
def monthly(request):
    need(request, "reports.view")
    data, error = _data(request)
    fmt = request.GET.get("format")
    if data and fmt in ("pdf", "xlsx", "docx"):
        return _download(data, fmt)
    context = {"title": "月度通报", "data": data, "error": error, "month": request.GET.get("month") or ""}
    if data:
        context["charts"] = rendering.charts(data)
    return render(request, "reports/monthly.html", context)


def _download(data: dict, fmt: str) -> HttpResponse:
    from urllib.parse import quote

    if fmt == "pdf":
        content, mime = rendering.pdf_bytes(data), "application/pdf"
    elif fmt == "docx":
        content, mime = (
            documents.monthly_docx(data),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        content, mime = (
            rendering.xlsx_bytes(data),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response = HttpResponse(content, content_type=mime)
    name = quote(f"重点项目月度通报{data['month']}.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
