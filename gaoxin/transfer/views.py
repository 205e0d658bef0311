"""The import page (upload → preview → confirm), error reports, blank templates and list exports."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gaoxin.core.context import Actor
from gaoxin.web.generic import deny, xlsx_response

from .exporting import blank_template, export_bytes
from .importer import run_import
from .kinds import all_kinds, get_kind
from .reader import Issue, read_sheet
from .writer import cell_value, error_report

UPLOAD_LIMIT = 50 * 1024 * 1024
SESSION_KEY = "transfer_uploads"


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _kinds_for(user):
    return [k for k in all_kinds() if not k.import_capability or user.can(k.import_capability)]


@login_required
def import_page(request):
    kinds = _kinds_for(request.user)
    if not kinds:
        deny(request, "registry.import")
    context = {"title": "数据导入", "kinds": kinds, "selected": request.GET.get("kind", kinds[0].name)}
    if request.method == "POST":
        upload = request.FILES.get("file")
        kind = _kind(request, request.POST.get("kind", ""))
        if upload is None or upload.size > UPLOAD_LIMIT:
            messages.error(request, "请选择不超过 50 MB 的 .xlsx 或 .csv 文件")
            return redirect("transfer:import")
        token, data = _store(request, kind, upload)
        report = run_import(kind, data, upload.name, Actor.from_request(request), dry_run=True)
        _save_issues(token, report)
        context.update(_preview_context(kind, report, token))
        context["selected"] = kind.name
    return render(request, "transfer/import.html", context)


def _kind(request, name: str):
    try:
        kind = get_kind(name)
    except LookupError:
        raise Http404
    if kind.import_capability and not request.user.can(kind.import_capability):
        deny(request, kind.import_capability)
    return kind


def _store(request, kind, upload) -> tuple[str, bytes]:
    token = uuid.uuid4().hex
    data = upload.read()
    suffix = Path(upload.name).suffix.lower()[:6]
    (_upload_dir() / f"{token}{suffix}").write_bytes(data)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"kind": kind.name, "name": upload.name, "suffix": suffix}
    request.session[SESSION_KEY] = dict(list(uploads.items())[-10:])
    return token, data


def _upload(request, token: str) -> tuple[dict, Path]:
    info = request.session.get(SESSION_KEY, {}).get(token)
    if info is None:
        raise Http404("上传记录已失效，请重新上传")
    return info, _upload_dir() / f"{token}{info['suffix']}"


def _save_issues(token: str, report) -> None:
    issues = [e.as_dict() for e in report.errors + report.warnings]
    (_upload_dir() / f"{token}.json").write_text(json.dumps(issues, ensure_ascii=False), encoding="utf-8")


def _preview_context(kind, report, token: str) -> dict:
    columns = kind.template.columns
    rows = [[cell_value(c.type, r.get(c.field), True) for c in columns] for r in report.preview[:10]]
    return {
        "report": report,
        "kind": kind,
        "token": token,
        "headers": [c.header for c in columns],
        "preview_rows": rows,
        "errors": report.errors[:200],
        "more_errors": max(0, len(report.errors) - 200),
    }


@login_required
@require_POST
def confirm(request, token: str):
    info, path = _upload(request, token)
    kind = _kind(request, info["kind"])
    if not path.exists():
        raise Http404("上传文件已失效，请重新上传")
    report = run_import(kind, path.read_bytes(), info["name"], Actor.from_request(request))
    if report.ok:
        c = report.counts
        messages.success(
            request,
            f"导入完成：{info['name']} 共 {report.rows} 行，新增 {c.created}，更新 {c.updated}，未变化 {c.unchanged}",
        )
        path.unlink(missing_ok=True)
        return redirect(reverse("transfer:import") + f"?kind={kind.name}")
    _save_issues(token, report)
    context = {"title": "数据导入", "kinds": _kinds_for(request.user), "selected": kind.name}
    context.update(_preview_context(kind, report, token))
    return render(request, "transfer/import.html", context)


@login_required
def report(request, token: str):
    """The uploaded rows plus an 错误说明 column."""
    info, path = _upload(request, token)
    issues_path = _upload_dir() / f"{token}.json"
    if not path.exists() or not issues_path.exists():
        raise Http404("上传文件已失效，请重新上传")
    issues = [Issue(**i) for i in json.loads(issues_path.read_text(encoding="utf-8"))]
    sheet = read_sheet(path.read_bytes(), info["name"])
    name = Path(info["name"]).stem + "_错误报告.xlsx"
    return xlsx_response(error_report(sheet, issues), name)


@login_required
def template(request, kind: str):
    k = _kind(request, kind)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    data = blank_template(k, fmt)
    if fmt == "csv":
        return _file(data, f"{k.template.title}导入模板.csv", "text/csv; charset=utf-8")
    return xlsx_response(data, f"{k.template.title}导入模板.xlsx")


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


def _file(data: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
