from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gaoxin.core.context import Actor
from gaoxin.core.models import TaskRun, WorkState
from gaoxin.problems.scopes import scoped_problems
from gaoxin.projects.scopes import scoped_projects
from gaoxin.web.generic import need

from . import bulletin
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
    if task := request.GET.get("task"):  # the bulletin file being rendered in the background for this reader
        context["task_run"] = TaskRun.objects.filter(pk=_uuid(task), user=request.user, kind=KIND).first()
    if data:
        context["charts"] = rendering.charts(data)
    return render(request, "reports/monthly.html", context)


def _download(data: dict, fmt: str) -> HttpResponse:
    from urllib.parse import quote

    from .tasks import FORMATS, writer

    response = HttpResponse(writer(fmt)(data), content_type=FORMATS[fmt])
    name = quote(f"重点项目月度通报{data['month']}.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


KIND = "reports.bulletin"


def _uuid(text: str):
    import uuid

    try:
        return uuid.UUID(text)
    except ValueError:
        return None


@login_required
@require_POST
def render_file(request):
    """Start rendering the bulletin file as a background task; the page then shows its progress."""
    need(request, "reports.view")
    from gaoxin.core import work

    from .tasks import FORMATS, render_bulletin

    month, fmt = request.POST.get("month") or "", request.POST.get("format")
    if fmt not in FORMATS:
        raise Http404("不支持的文件格式")
    try:
        bulletin.parse_month(month)
    except ValueError as exc:
        return render(
            request, "reports/monthly.html", {"title": "月度通报", "error": str(exc), "month": month}
        )
    task_run = work.submit(render_bulletin, KIND, f"{month} 月度通报（{fmt.upper()}）", Actor.from_request(request),
                           {"month": month, "format": fmt})  # fmt: skip
    return redirect(f"{reverse('reports:monthly')}?month={month}&task={task_run.pk}")


@login_required
def bulletin_download(request, pk):
    """The rendered file of a finished bulletin task, to the reader who started it only."""
    need(request, "reports.view")
    from django.core.files.storage import default_storage

    from .tasks import FORMATS

    task_run = get_object_or_404(TaskRun, pk=pk, user=request.user, kind=KIND, state=WorkState.DONE)
    name = task_run.result.get("file")
    if not name or not default_storage.exists(name):
        raise Http404("文件已不存在，请重新生成")
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True,
                        filename=task_run.result["filename"], content_type=FORMATS[task_run.result["format"]])  # fmt: skip
