"""/api/v1/transfer/: import any registered kind (multipart upload); the JSON is the CLI's ``--json``."""

from __future__ import annotations

from ninja import File, Form, Router
from ninja.files import UploadedFile

from .importer import import_for_api

router = Router(tags=["数据交换"])


@router.post("/import/{kind}", summary="导入文件（dry_run=true 只校验）；返回同 CLI import --json")
def import_kind(
    request,
    kind: str,
    dry_run: bool = Form(False),
    sheet: str = Form(""),
    file: UploadedFile = File(...),  # noqa: B008
):
    return import_for_api(request, kind, file, dry_run, sheet)
