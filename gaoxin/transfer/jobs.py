"""Imports run for the page in the background, with a live progress bar.

The page creates an ``ImportJob`` and submits it as a task (``tasks.import_file`` through
``gaoxin.core.work``), so the request returns at once and the page polls the job until it is finished.
The task runs in ``gaoxin worker`` (any machine sharing the database); the tests use Django's immediate
backend, which runs it within the request.

The job row holds the upload and its outcome; the live phase and counters are the task run's
(``core.TaskRun``, written by ``work.Reporter`` — also while the import's all-or-nothing transaction is
open, see ``gaoxin/core/work.py``), so every server process shows the same bar. A worker killed mid-import
leaves nothing written (the transaction never committed); the job is then shown failed with the reason
(``lost``) and can be started again from the page.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from gaoxin.core import work
from gaoxin.core.models import TaskRun, WorkState

from .choices import JobPhase
from .importer import ImportReport, Progress, run_import
from .kinds import Kind, get_kind
from .models import ImportJob
from .writer import cell_value

logger = logging.getLogger(__name__)

KEEP = dt.timedelta(days=30)  # jobs and uploaded files older than this are deleted when a new job starts
SHOWN_ERRORS, SHOWN_WARNINGS, SHOWN_ROWS = 200, 50, 10


def upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def issues_path(upload: str) -> Path:
    """Every error and warning of the upload's last run, for the downloadable error report."""
    return upload_dir() / f"{upload}.json"


def start(
    kind: Kind, upload: str, file_name: str, path: Path, actor, *, dry_run: bool, sheet: str = ""
) -> ImportJob:
    """Create the job for the stored upload ``path`` (its worksheet ``sheet``, "" = the importer chooses)
    and submit it as a background task."""
    from .tasks import import_file

    ImportJob.objects.filter(started__lt=timezone.now() - KEEP).delete()
    _remove_old_uploads()
    job = ImportJob.objects.create(
        kind=kind.name, upload=upload, file_name=file_name[:255], dry_run=dry_run, user=actor.user
    )
    verb = "校验" if dry_run else "导入"
    arguments = {"job": str(job.pk), "path": str(path), "sheet": sheet}
    task_run = work.submit(
        import_file, "transfer.import", f"{verb}{kind.label}：{job.file_name}", actor, arguments
    )
    ImportJob.objects.filter(pk=job.pk).update(run=task_run)
    job.refresh_from_db()
    return job


def _remove_old_uploads() -> None:
    """Uploaded files and their error lists are kept for the preview, the error report and the confirm;
    after ``KEEP`` nobody can use them any more (the session that knew them has long expired)."""
    cutoff = time.time() - KEEP.total_seconds()
    for path in upload_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:  # removed meanwhile by another server thread
            pass


def wait(job: ImportJob, timeout: float) -> bool:
    """Wait until the job is finished (by whichever process runs it); False if it is still running."""
    deadline = time.monotonic() + timeout
    while not ImportJob.objects.filter(pk=job.pk, finished__isnull=False).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def run(task_run: TaskRun, actor, reporter: work.Reporter) -> dict:
    """The task's body: import the upload of the run's job, store the outcome on the job."""
    job = ImportJob.objects.get(pk=task_run.arguments["job"])
    ImportJob.objects.filter(pk=job.pk).update(run=task_run)
    path = Path(task_run.arguments["path"])
    progress = JobProgress(reporter)
    try:
        kind = get_kind(job.kind)
        report = run_import(
            kind, path.read_bytes(), job.file_name, actor, dry_run=job.dry_run, progress=progress,
            sheet_name=task_run.arguments.get("sheet") or None,
        )  # fmt: skip
        issues = [e.as_dict() for e in report.errors + report.warnings]
        issues_path(job.upload).write_text(json.dumps(issues, ensure_ascii=False), encoding="utf-8")
        if report.ok and not job.dry_run:
            path.unlink(missing_ok=True)
        _finish(job, kind, report)
    except Exception as exc:  # the import's transaction has rolled back: nothing of the file is written
        logger.exception("import job %s failed", job.pk)
        _fail(job, f"处理过程中发生错误，未写入任何数据：{exc}")
    return {"job": str(job.pk), "ok": job.ok}


def _fail(job: ImportJob, message: str) -> None:
    job.phase, job.ok, job.finished = JobPhase.FAILED, False, timezone.now()
    job.message = message[:2000]
    job.save(update_fields=["phase", "ok", "finished", "message"])


def lost(task_run: TaskRun) -> None:
    """The worker died mid-import (``work.reap_lost``): the job failed, nothing of its file was written."""
    for job in ImportJob.objects.filter(run=task_run, finished__isnull=True):
        _fail(job, f"处理过程中断，未写入任何数据：{task_run.message}")


def _finish(job: ImportJob, kind: Kind, report: ImportReport) -> None:
    columns = kind.template.columns
    counts = report.counts
    job.phase, job.ok, job.finished = JobPhase.DONE, report.ok, timezone.now()
    job.rows_total = job.rows_done = report.rows
    job.valid_count, job.error_count = report.valid, len(report.errors)
    job.warning_count = len(report.warnings)
    job.created_count, job.updated_count = counts.created, counts.updated
    job.unchanged_count = counts.unchanged
    job.batch_id = report.batch_id
    job.detail = {
        "headers": [c.header for c in columns],
        "preview": [
            [cell_value(c.type, r.get(c.field), True) for c in columns] for r in report.preview[:SHOWN_ROWS]
        ],
        "errors": [e.as_dict() for e in report.errors[:SHOWN_ERRORS]],
        "warnings": [str(w) for w in report.warnings[:SHOWN_WARNINGS]],
        "sheet": report.sheet_name,
        "sheet_choices": report.sheet_choices,
    }
    job.save()


class JobProgress(Progress):
    """What ``run_import`` reports, passed on to the task run's reporter (stored in the database)."""

    def __init__(self, reporter: work.Reporter):
        self.reporter = reporter

    @property
    def state(self) -> dict:
        return {"phase": self.reporter.phase_name, "done": self.reporter.done, "total": self.reporter.total}

    def phase(self, phase: str, total: int = 0) -> None:
        self.reporter.phase(str(phase), total)

    def advance(self, rows: int) -> None:
        self.reporter.advance(rows)


def live(job: ImportJob) -> dict:
    """What the progress bar shows: phase label, rows done and total, percentage (None: not known yet).

    Kept below 100 % until the job is finished (after the rows are parsed the kind still validates)."""
    task_run = job.run
    if task_run is None:
        state = {"phase": job.phase, "done": job.rows_done, "total": job.rows_total}
    else:
        state = work.live(task_run)
    done, total = state["done"], state["total"]
    percent = min(99, done * 100 // total) if total else None
    label = JobPhase(state["phase"] or JobPhase.READING).label
    if task_run is not None and task_run.state == WorkState.QUEUED:
        label = "排队等待"
    return {"phase": label, "done": min(done, total), "total": total, "percent": percent}
