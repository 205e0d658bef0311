"""The import runner shared by the page, the API and the CLI: read → parse → validate → commit.

All-or-nothing per file: nothing is written unless every row is valid, and the commit of the whole file
(with its ImportBatch record and change-log rows) runs in one transaction.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gaoxin.core.bulk import reporting_writes

from .choices import JobPhase
from .kinds import CommitCounts, ImportContext, Kind, get_kind
from .limits import check_file, oversized
from .reader import FileFormatError, Issue, Sheet, parse_sheet, read_sheet


class Progress:
    """What an import reports as it runs (this base reports nothing): ``phase`` when a phase starts
    (``JobPhase.READING``, ``VALIDATING``, ``WRITING``) with its row count when known, ``advance`` as
    rows of that phase are done (rows parsed; rows written by ``bulk.bulk_write``)."""

    def phase(self, phase: str, total: int = 0) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass


class _RowsParsed(Progress):
    """A plain callable keeps its meaning: it is called with the rows parsed, nothing else."""

    def __init__(self, callback: Callable[[int], None]):
        self.callback, self.parsing = callback, False

    def phase(self, phase: str, total: int = 0) -> None:
        self.parsing = phase == JobPhase.VALIDATING

    def advance(self, rows: int) -> None:
        if self.parsing:
            self.callback(rows)


@dataclass
class ImportReport:
    kind: str
    filename: str = ""
    sha256: str = ""
    rows: int = 0
    valid: int = 0
    counts: CommitCounts = field(default_factory=CommitCounts)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    dry_run: bool = False
    batch_id: int | None = None
    sheet: Sheet | None = None
    sheet_name: str = ""  # the worksheet read ("" for csv)
    sheet_choices: list[str] = field(default_factory=list)  # several sheets fit: the person chooses
    preview: list[dict] = field(default_factory=list)  # the first parsed records (field → value)

    @property
    def committed(self) -> int:
        return 0 if self.batch_id is None else self.counts.committed

    @property
    def ok(self) -> bool:
        return not self.errors and self.valid == self.rows and (self.dry_run or self.batch_id is not None)

    def as_json(self) -> dict:
        """The CLI's ``--json`` object (the API returns the same)."""
        return {
            "kind": self.kind,
            "rows": self.rows,
            "valid": self.valid,
            "committed": self.committed,
            "sheet": self.sheet_name,
            "sheet_choices": self.sheet_choices,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
        }


def run_import(
    kind: Kind,
    data: bytes,
    filename: str,
    actor,
    *,
    dry_run: bool = False,
    progress: Progress | Callable[[int], None] | None = None,
    sheet_name: str | None = None,
) -> ImportReport:
    if not isinstance(progress, Progress):
        progress = Progress() if progress is None else _RowsParsed(progress)
    user = actor.user
    if user is not None and kind.import_capability and not user.can(kind.import_capability):
        raise PermissionDenied(f"您没有导入{kind.label}的权限")
    # An import holds millions of small objects at once; the cyclic collector would scan them over and
    # over (they hold no cycles worth collecting), so it pauses for the run.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(kind, data, filename, actor, dry_run, progress, sheet_name)
    finally:
        if collecting:
            gc.enable()


def _run(kind, data, filename, actor, dry_run, progress, sheet_name=None) -> ImportReport:
    report = ImportReport(kind.name, filename, hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    progress.phase(JobPhase.READING)
    try:
        check_file(data, filename, getattr(actor.user, "zone", None))  # caps before anything is parsed
        report.sheet = read_sheet(data, filename, kind.template, sheet_name)
    except FileFormatError as exc:
        report.errors.append(Issue(None, None, str(exc)))
        report.sheet_choices = exc.sheets
        return report
    report.sheet_name = report.sheet.name
    progress.phase(JobPhase.VALIDATING, len(report.sheet.rows))
    parsed = parse_sheet(report.sheet, kind.template, progress.advance, kind.cell_checks())
    report.rows, report.warnings = parsed.total, parsed.warnings
    report.sheet.rows = []  # parsed now: the raw cells (a third of the peak memory) are not needed again
    context = ImportContext(actor=actor, dry_run=dry_run, filename=filename, fields=parsed.fields)
    records = parsed.records
    if kind.validates_partial_rows and parsed.partial:  # every error of every row in one report
        context.failed = parsed.failed
        records = sorted(parsed.records + parsed.partial, key=lambda r: r["_row"])
    result = kind.validate(records, context) if records else None
    report.errors = _sorted(parsed.errors + (result.errors if result else []))
    report.warnings += result.warnings if result else []
    report.valid = _valid_rows(report)
    report.preview = parsed.records[:20]
    if report.errors or dry_run or result is None:
        return report
    report.sheet = parsed = records = None  # the rows are in result.clean now: free the raw cells
    progress.phase(JobPhase.WRITING, report.valid)
    with reporting_writes(progress.advance), transaction.atomic():
        batch = _batch(kind, report, actor)
        report.counts = kind.commit(result.clean, context, batch)
        _close_batch(batch, report)
    report.batch_id = batch.pk
    return report


def _sorted(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: i.row or 0)


def _valid_rows(report: ImportReport) -> int:
    if any(e.row is None or e.row == 1 for e in report.errors):
        return 0
    return report.rows - len({e.row for e in report.errors})


def _batch(kind: Kind, report: ImportReport, actor):
    from .models import ImportBatch

    return ImportBatch.objects.create(
        kind=kind.name,
        file_name=report.filename[:255],
        sha256=report.sha256,
        user=actor.user,
        user_name=actor.name,
        source=actor.source,
        rows=report.rows,
        warning_count=len(report.warnings),
    )


def _close_batch(batch, report: ImportReport) -> None:
    batch.created_count = report.counts.created
    batch.updated_count = report.counts.updated
    batch.unchanged_count = report.counts.unchanged
    batch.save(update_fields=["created_count", "updated_count", "unchanged_count"])


def import_for_api(request, kind_name: str, upload, dry_run: bool, sheet: str = ""):
    """Run an import for the API: 200 when every row is valid (and committed), else 422; same body."""
    from django.http import Http404

    from gaoxin.api import api
    from gaoxin.core.context import Actor

    try:
        kind = get_kind(kind_name)
    except LookupError:
        raise Http404
    if message := oversized(upload.size or 0):  # refused before the body is read into memory
        from django.core.exceptions import ValidationError

        raise ValidationError({"file": message})
    report = run_import(
        kind,
        upload.read(),
        upload.name or "upload",
        Actor.from_request(request, "api"),
        dry_run=dry_run,
        sheet_name=sheet or None,
    )
    return api.create_response(request, report.as_json(), status=200 if report.ok else 422)
