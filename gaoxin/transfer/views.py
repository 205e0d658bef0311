"""The import page (upload → validation job → preview → commit job), error reports, blank templates and
list exports. The jobs run in the background while the page polls their progress (``jobs.py``)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gaoxin.core import limits
from gaoxin.core.context import Actor
from gaoxin.web.generic import deny, xlsx_response

from . import jobs
from .exporting import blank_template
from .kinds import all_kinds, get_kind
from .models import ImportJob
from .reader import FileFormatError, Issue, read_sheet
from .writer import error_report

SESSION_KEY = "transfer_uploads"


def _kinds_for(user):
    return [k for k in all_kinds() if not k.import_capability or user.can(k.import_capability)]


@login_required
def import_page(request):
    kinds = _kinds_for(request.user)
    if not kinds:
        deny(request, "registry.import")
    if request.method == "POST":
        upload = request.FILES.get("file")
        kind = _kind(request, request.POST.get("kind", ""))
        if upload is None or upload.size > limits.IMPORT_MAX_UPLOAD_BYTES:
            messages.error(request, "请选择不超过 50 MB 的 .xlsx、.xls、.ods 或 .csv 文件")
            return redirect("transfer:import")
        token = _store(request, kind, upload)
        return _start(request, token, dry_run=True)
    return _page(request, kinds, request.GET.get("kind", kinds[0].name))


def _page(request, kinds, selected: str, job: ImportJob | None = None):
    context = {"title": "数据导入", "kinds": kinds, "selected": selected}
    if job is not None:
        context.update(_job_context(job))
    return render(request, "transfer/import.html", context)


def _kind(request, name: str):
    try:
        kind = get_kind(name)
    except LookupError:
        raise Http404
    if kind.import_capability and not request.user.can(kind.import_capability):
        deny(request, kind.import_capability)
    return kind


def _store(request, kind, upload) -> str:
    token = uuid.uuid4().hex
    suffix = Path(upload.name).suffix.lower()[:6]
    path = jobs.upload_dir() / f"{token}{suffix}"
    with path.open("wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"kind": kind.name, "name": upload.name, "suffix": suffix, "sheet": ""}
    request.session[SESSION_KEY] = dict(list(uploads.items())[-10:])
    return token


def _upload(request, token: str) -> tuple[dict, Path]:
    info = request.session.get(SESSION_KEY, {}).get(token)
    if info is None:
        raise Http404("上传记录已失效，请重新上传")
    return info, jobs.upload_dir() / f"{token}{info['suffix']}"


@login_required
@require_POST
def confirm(request, token: str):
    return _start(request, token, dry_run=False)


def _start(request, token: str, *, dry_run: bool):
    """Start the dry run or the commit of a stored upload (with the worksheet chosen for it, if any)."""
    info, path = _upload(request, token)
    kind = _kind(request, info["kind"])
    if not dry_run:
        running = ImportJob.objects.filter(
            upload=token, dry_run=False, user=request.user, finished=None
        ).first()
        if running is not None:  # confirmed twice: show the commit already under way
            return redirect("transfer:job", running.pk)
    if not path.exists():
        raise Http404("上传文件已失效，请重新上传")
    actor = Actor.from_request(request)
    job = jobs.start(kind, token, info["name"], path, actor, dry_run=dry_run, sheet=info.get("sheet", ""))
    return redirect("transfer:job", job.pk)


@login_required
@require_POST
def choose_sheet(request, token: str):
    """Several visible sheets hold the template's headers: the person names one and the file is validated
    again (issue 11 item 3). Only a sheet the workbook has is accepted; the importer checks the name too."""
    info, _path = _upload(request, token)
    sheet = request.POST.get("sheet", "").strip()
    if not sheet:
        messages.error(request, "请选择要导入的工作表")
        return redirect("transfer:import")
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {**info, "sheet": sheet[:100]}
    request.session[SESSION_KEY] = uploads
    return _start(request, token, dry_run=True)


def _job(request, pk) -> ImportJob:
    """The requesting user's own job (anyone else's is 404), if they may still import its kind."""
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    _kind(request, job.kind)
    return job


def _job_context(job: ImportJob) -> dict:
    try:
        label = get_kind(job.kind).label
    except LookupError:
        label = job.kind
    more_errors = max(0, job.error_count - len(job.detail.get("errors", [])))
    live = None if job.finished else jobs.live(job)
    return {"job": job, "kind_label": label, "live": live, "more_errors": more_errors}


@login_required
def job_page(request, pk):
    job = _job(request, pk)
    return _page(request, _kinds_for(request.user), job.kind, job)


@login_required
@never_cache
def job_progress(request, pk):
    """The partial the page polls: the progress bar, or once finished the outcome (which stops the polling)."""
    response = render(request, "transfer/_job.html", _job_context(_job(request, pk)))
    # A poll writes nothing. SESSION_SAVE_EVERY_REQUEST would save the session after every poll, and on
    # SQLite that write waits for the import's transaction (it holds the write lock), so the bar would
    # stand still for the whole write phase. Without request.session SessionMiddleware leaves it alone (a
    # poll is no user activity for the idle timeout either).
    patch_vary_headers(response, ["Cookie"])
    del request.session
    return response


@login_required
def report(request, token: str):
    """The uploaded rows plus an 错误说明 column."""
    info, path = _upload(request, token)
    issues_path = jobs.issues_path(token)
    if not path.exists() or not issues_path.exists():
        raise Http404("上传文件已失效，请重新上传")
    issues = [Issue(**i) for i in json.loads(issues_path.read_text(encoding="utf-8"))]
    from .kinds import KINDS

    kind = KINDS.get(info.get("kind", ""))
    try:  # the same sheet and header row the import read
        sheet = read_sheet(
            path.read_bytes(), info["name"], kind.template if kind else None, info.get("sheet") or None
        )
    except FileFormatError:
        sheet = read_sheet(path.read_bytes(), info["name"])
    name = Path(info["name"]).stem + "_错误报告.xlsx"
    return xlsx_response(error_report(sheet, issues), name)


@login_required
def template(request, kind: str):
    k = _kind(request, kind)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    data = blank_template(k, fmt, request.user)
    if fmt == "csv":
        return _file(data, f"{k.template.title}导入模板.csv", "text/csv; charset=utf-8")
    return xlsx_response(data, f"{k.template.title}导入模板.xlsx")


def _file(data: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
