"""Imports run for the page in the background, with a live progress bar.

The page creates an ``ImportJob`` and starts it in a thread of the server (waitress serves with several
threads), so the request returns at once and the page polls the job until it is finished. With
``settings.GAOXIN_JOBS_INLINE`` (the tests) the same job runs within the request instead.

Where the live progress goes: the cache, not the database. The commit runs in one transaction
(all-or-nothing), so progress written on the import's own connection stays invisible until the end, and a
second connection does not help on SQLite: the import's transaction holds the database's write lock
(``transaction_mode`` IMMEDIATE), so any other write would wait for the import to finish. The cache —
Django's default LocMemCache, shared by the threads of the one waitress process — is outside every
transaction and costs a dictionary store; it is written at most every ``INTERVAL`` seconds. The job row
gets only its start and its outcome, both written outside the import's transaction. (A deployment with
several server processes would configure a shared cache; without one, a poll answered by another
process shows the job as started, without counts, until the outcome is stored.)
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from gaoxin.core.context import reset_actor, set_actor

from .choices import JobPhase
from .importer import ImportReport, Progress, run_import
from .kinds import Kind, get_kind
from .models import ImportJob
from .writer import cell_value

logger = logging.getLogger(__name__)

INTERVAL = 0.5  # seconds between two progress stores
KEEP = dt.timedelta(days=30)  # jobs and uploaded files older than this are deleted when a new job starts
SHOWN_ERRORS, SHOWN_WARNINGS, SHOWN_ROWS = 200, 50, 10

_threads: dict[str, threading.Thread] = {}  # running jobs of this process (the tests wait on them)


def upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def issues_path(upload: str) -> Path:
    """Every error and warning of the upload's last run, for the downloadable error report."""
    return upload_dir() / f"{upload}.json"


def start(kind: Kind, upload: str, file_name: str, path: Path, actor, *, dry_run: bool) -> ImportJob:
    """Create the job for the stored upload ``path`` and run it (in a thread, or inline)."""
    ImportJob.objects.filter(started__lt=timezone.now() - KEEP).delete()
    _remove_old_uploads()
    job = ImportJob.objects.create(
        kind=kind.name, upload=upload, file_name=file_name[:255], dry_run=dry_run, user=actor.user
    )
    progress = JobProgress(job)
    if getattr(settings, "GAOXIN_JOBS_INLINE", False):
        _run(job, path, actor, progress)
        return job
    thread = threading.Thread(
        target=_in_thread, args=(job, path, actor, progress), name=f"import-{job.pk}", daemon=True
    )
    _threads[str(job.pk)] = thread
    thread.start()
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
    """Wait for a job running in a thread of this process; False if it is still running."""
    thread = _threads.get(str(job.pk))
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


def _in_thread(job, path, actor, progress) -> None:
    try:
        _run(job, path, actor, progress)
    finally:
        _threads.pop(str(job.pk), None)
        connections.close_all()  # this thread's connections; the server's threads never reuse them


def _run(job: ImportJob, path: Path, actor, progress: JobProgress) -> None:
    token = set_actor(actor)  # the request's fallback actor, as the import had when it ran in the request
    try:
        kind = get_kind(job.kind)
        report = run_import(
            kind, path.read_bytes(), job.file_name, actor, dry_run=job.dry_run, progress=progress
        )
        issues = [e.as_dict() for e in report.errors + report.warnings]
        issues_path(job.upload).write_text(json.dumps(issues, ensure_ascii=False), encoding="utf-8")
        if report.ok and not job.dry_run:
            path.unlink(missing_ok=True)
        _finish(job, kind, report)
    except Exception as exc:  # the import's transaction has rolled back: nothing of the file is written
        logger.exception("import job %s failed", job.pk)
        job.phase, job.ok, job.finished = JobPhase.FAILED, False, timezone.now()
        job.message = f"处理过程中发生错误，未写入任何数据：{exc}"[:2000]
        job.save(update_fields=["phase", "ok", "finished", "message"])
    finally:
        reset_actor(token)
        progress.clear()


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
    }
    job.save()


class JobProgress(Progress):
    """The job's live phase and counters, stored in the cache (at most every ``INTERVAL`` seconds, plus
    at each phase's start and last row)."""

    def __init__(self, job: ImportJob):
        self.key, self.stored = _key(job), 0.0
        self.state = {"phase": JobPhase.READING.value, "done": 0, "total": 0}

    def phase(self, phase: str, total: int = 0) -> None:
        self.state = {"phase": str(phase), "done": 0, "total": total}
        self._store()

    def advance(self, rows: int) -> None:
        self.state["done"] += rows
        # Stored when due, and when the phase's last row is done (what follows may take a while to report).
        if time.monotonic() - self.stored >= INTERVAL or self.state["done"] >= self.state["total"] > 0:
            self._store()

    def _store(self) -> None:
        self.stored = time.monotonic()
        cache.set(self.key, dict(self.state), timeout=24 * 3600)

    def clear(self) -> None:
        cache.delete(self.key)


def _key(job: ImportJob) -> str:
    return f"transfer:job:{job.pk}"


def live(job: ImportJob) -> dict:
    """What the progress bar shows: phase label, rows done and total, percentage (None: not known yet).

    Kept below 100 % until the job is finished (after the rows are parsed the kind still validates)."""
    state = cache.get(_key(job)) or {"phase": job.phase, "done": job.rows_done, "total": job.rows_total}
    done, total = state["done"], state["total"]
    percent = min(99, done * 100 // total) if total else None
    label = JobPhase(state["phase"]).label
    return {"phase": label, "done": min(done, total), "total": total, "percent": percent}
