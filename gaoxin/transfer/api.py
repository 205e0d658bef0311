"""/api/v1/transfer/: import any registered kind (multipart upload); the JSON is the CLI's ``--json``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import File, Form, Router
from ninja.files import UploadedFile

from gaoxin.core import limits
from gaoxin.core.context import Actor

from .importer import run_import
from .kinds import get_kind

router = Router(tags=["数据交换"])


def import_json(request, kind_name: str, upload: UploadedFile, dry_run: bool):
    """Run an import for the API: 200 when every row is valid (and committed), else 422; same body."""
    from gaoxin.api import api

    try:
        kind = get_kind(kind_name)
    except LookupError:
        raise Http404
    if (upload.size or 0) > limits.IMPORT_MAX_UPLOAD_BYTES:  # refused before the body is read into memory
        megabytes = limits.IMPORT_MAX_UPLOAD_BYTES // 1024 // 1024
        raise ValidationError({"file": f"文件过大，导入文件不能超过 {megabytes} MB"})
    report = run_import(
        kind, upload.read(), upload.name or "upload", Actor.from_request(request, "api"), dry_run=dry_run
    )
    return api.create_response(request, report.as_json(), status=200 if report.ok else 422)


@router.post("/import/{kind}", summary="导入文件（dry_run=true 只校验）；返回同 CLI import --json")
def import_kind(request, kind: str, dry_run: bool = Form(False), file: UploadedFile = File(...)):  # noqa: B008
    return import_json(request, kind, file, dry_run)
