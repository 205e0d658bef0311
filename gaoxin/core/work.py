"""Background work through Django's Tasks framework, with its progress in the database.

An app declares its long operation as a task (``@task`` in its ``tasks.py``) whose only argument is the id
of a ``TaskRun`` row; ``submit`` creates the row and enqueues the task, ``execute`` (called by the task)
runs the app's handler with a ``Reporter`` and stores the outcome. The queue is ``django_tasks_db`` (rows in
the same database, run by ``gaoxin worker``); the tests use Django's immediate backend.

Where progress goes while a handler runs inside one transaction (an import's all-or-nothing commit):
written on the handler's own connection it would stay invisible until the commit. On PostgreSQL the
reporter writes through a second connection of its own (autocommit), so any server process sees it live.
On SQLite the open transaction holds the file's write lock, so no other connection can write to it; there
the reporter writes to a small side database next to it (``var/progress.sqlite3``, one row per run, WAL),
which every process on the machine reads (``live``); SQLite deployments are single-machine anyway.

A worker killed mid-task (``kill -9``, a restart, the machine going down) leaves its run ``running`` with a
worker that no longer exists: ``reap_lost`` (called when a worker or server starts, and by the worker now
and then) marks such runs failed with the reason; their transaction was never committed, so an import wrote
nothing. ``retry`` enqueues a failed run again with the same arguments.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django.utils.module_loading import import_string

from .context import Actor, reset_actor, set_actor
from .models import TaskRun, WorkState

logger = logging.getLogger(__name__)

INTERVAL = 0.5  # seconds between two progress stores
LOST_AFTER = 600  # seconds without progress after which a run of a worker on another host counts as lost


class WorkerLost(Exception):
    """The process running a task ended before the task did."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def actor_arguments(actor: Actor) -> dict:
    """What a task needs to act as the person who started it (tasks take JSON arguments only)."""
    user = actor.user
    return {"user": getattr(user, "pk", None), "ip": actor.ip, "source": actor.source, "note": actor.note}


def actor_from(arguments: dict) -> Actor:
    from django.contrib.auth import get_user_model

    pk = arguments.get("user")
    user = get_user_model().objects.filter(pk=pk).first() if pk else None
    return Actor(user=user, ip=arguments.get("ip"), source=arguments.get("source") or "system",
                 note=arguments.get("note") or "")  # fmt: skip


def submit(task, kind: str, label: str, actor: Actor, arguments: dict, retry_of: TaskRun | None = None):
    """Create the run's row and enqueue ``task`` (a ``django.tasks`` task taking the run's id)."""
    run = TaskRun.objects.create(
        kind=kind,
        label=label[:200],
        task_path=task.module_path,
        arguments={**arguments, "actor": actor_arguments(actor)},
        user=actor.user if getattr(actor.user, "pk", None) else None,
        attempt=(retry_of.attempt + 1) if retry_of else 1,
        retry_of=retry_of,
    )
    result = task.enqueue(str(run.pk))
    TaskRun.objects.filter(pk=run.pk, result_id="").update(result_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def retry(run: TaskRun, actor: Actor) -> TaskRun:
    """Run a failed run again, same task and arguments, as a new run (the failed one stays on record)."""
    if run.state != WorkState.FAILED:
        raise ValueError("只有失败的任务可以重试")
    arguments = {k: v for k, v in run.arguments.items() if k != "actor"}
    return submit(import_string(run.task_path), run.kind, run.label, actor, arguments, retry_of=run)


def execute(run_id: str, handler: Callable[[TaskRun, Actor, Reporter], dict | None]) -> dict:
    """Run ``handler(run, actor, reporter)`` for the run and store its outcome (the task's body)."""
    run = TaskRun.objects.get(pk=run_id)
    if run.state != WorkState.QUEUED:  # already reaped, or claimed twice: never run it again
        return {"skipped": run.state}
    now = timezone.now()
    run.state, run.started, run.heartbeat, run.worker = WorkState.RUNNING, now, now, worker_name()
    run.save(update_fields=["state", "started", "heartbeat", "worker"])
    actor = actor_from(run.arguments.get("actor", {}))
    token, reporter = set_actor(actor), Reporter(run)
    try:
        result = handler(run, actor, reporter) or {}
    except Exception as exc:
        logger.exception("task %s (%s) failed", run.pk, run.kind)
        _finish(run, WorkState.FAILED, message=_reason(exc)[:2000] or type(exc).__name__,
                result={"traceback": traceback.format_exc()[-4000:]})  # fmt: skip
        raise
    finally:
        reset_actor(token)
        reporter.close()
    _finish(run, WorkState.DONE, result=result)
    return result


def _reason(exc: Exception) -> str:
    """What the run's page shows: a refusal's messages as they read, not the ValidationError's repr."""
    from django.core.exceptions import ValidationError

    return "；".join(exc.messages) if isinstance(exc, ValidationError) else f"{exc}"


def _finish(run: TaskRun, state: str, message: str = "", result: dict | None = None) -> None:
    now = timezone.now()
    TaskRun.objects.filter(pk=run.pk).update(
        state=state, message=message, result=result or {}, finished=now, heartbeat=now
    )


class Reporter:
    """A run's live phase and counters, stored at most every ``INTERVAL`` seconds (and at each phase)."""

    def __init__(self, run: TaskRun):
        self.run_id, self.stored, self.side = run.pk, 0.0, None
        self.phase_name, self.done, self.total = "", 0, 0

    def phase(self, phase: str, total: int = 0) -> None:
        self.phase_name, self.done, self.total = str(phase), 0, total
        self._store()

    def advance(self, rows: int) -> None:
        self.done += rows
        if time.monotonic() - self.stored >= INTERVAL or self.done >= self.total > 0:
            self._store()

    def _store(self) -> None:
        self.stored = time.monotonic()
        values = {"phase": self.phase_name, "done": self.done, "total": self.total,
                  "heartbeat": timezone.now()}  # fmt: skip
        if not connection.in_atomic_block:
            TaskRun.objects.filter(pk=self.run_id).update(**values)
        elif connection.vendor == "postgresql":
            if not self._store_aside(values):  # the row itself is not committed yet: only we can see it
                TaskRun.objects.filter(pk=self.run_id).update(**values)
        else:
            _side_store(self.run_id, values)

    def _store_aside(self, values: dict) -> int:
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        table = TaskRun._meta.db_table
        with self.side.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{table}" SET phase = %s, done = %s, total = %s, heartbeat = %s WHERE id = %s',
                [values["phase"], values["done"], values["total"], values["heartbeat"], self.run_id],
            )
            return cursor.rowcount

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def _side_database():
    import sqlite3

    from django.conf import settings

    side = sqlite3.connect(Path(settings.VAR_DIR) / "progress.sqlite3", timeout=5, isolation_level=None)
    side.execute("PRAGMA journal_mode=WAL")
    side.execute(
        "CREATE TABLE IF NOT EXISTS progress (id TEXT PRIMARY KEY, phase TEXT, done INT, total INT, at TEXT)"
    )
    return side


def _side_store(run_id, values: dict) -> None:
    side = _side_database()
    try:
        side.execute(
            "INSERT OR REPLACE INTO progress VALUES (?, ?, ?, ?, ?)",
            [str(run_id), values["phase"], values["done"], values["total"], values["heartbeat"].isoformat()],
        )
    finally:
        side.close()


def live(run: TaskRun) -> dict:
    """The run's phase, done and total as last reported, from whichever store holds the newest."""
    state = {"phase": run.phase, "done": run.done, "total": run.total}
    if run.state != WorkState.RUNNING or connection.vendor != "sqlite":
        return state
    side = _side_database()
    try:
        row = side.execute(
            "SELECT phase, done, total, at FROM progress WHERE id = ?", [str(run.pk)]
        ).fetchone()
    finally:
        side.close()
    if row and (run.heartbeat is None or row[3] >= run.heartbeat.isoformat()):
        state = {"phase": row[0], "done": row[1], "total": row[2]}
    return state


def _alive(worker: str) -> bool | None:
    """Whether the worker process named ``host:pid`` still runs (None: another host, cannot tell)."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_lost() -> list[TaskRun]:
    """Mark failed the runs whose worker has died (and their queue rows), with the reason."""
    lost = []
    stale = timezone.now() - timezone.timedelta(seconds=LOST_AFTER)
    for run in TaskRun.objects.filter(state=WorkState.RUNNING):
        alive = _alive(run.worker)
        if alive or (alive is None and run.heartbeat and run.heartbeat > stale):
            continue
        reason = f"执行进程 {run.worker} 已中断（重启或被终止），任务未完成，未写入任何数据，可重试"
        _finish(run, WorkState.FAILED, message=reason)
        _fail_queue_row(run.result_id, reason)
        run.refresh_from_db()
        lost.append(run)
        _notify_lost(run)
    return lost


def _fail_queue_row(result_id: str, reason: str) -> None:
    from django.apps import apps

    if not result_id or not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=result_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now(),
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}", traceback=reason,
    )  # fmt: skip


LOST_HOOKS: dict[
    str, str
] = {}  # run kind → dotted path of ``f(run)`` an app registers in its AppConfig.ready


def _notify_lost(run: TaskRun) -> None:
    if path := LOST_HOOKS.get(run.kind):
        import_string(path)(run)
