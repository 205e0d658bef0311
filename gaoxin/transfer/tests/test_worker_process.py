"""The import job in a real ``gaoxin worker`` process: its progress inside the commit is visible from this
process (another one), and killing the worker mid-commit leaves a failed job with its reason and nothing
written; the failed run can be retried."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from gaoxin.core import work
from gaoxin.core.context import Actor
from gaoxin.core.models import TaskRun, WorkState
from gaoxin.registry.models import Enterprise
from gaoxin.transfer import jobs
from gaoxin.transfer.models import ImportBatch, ImportJob

from .test_jobs import GOOD, HEADER
from .worktasks import import_then_hang

PROJECT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(var_dir: Path, marker: Path) -> subprocess.Popen:
    from django.conf import settings

    # The worker's own var dir would make it a new personal-data key: it shares this process's key, as
    # the processes of one deployment share GAOXIN_DATA_KEY or one data_key file.
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "GAOXIN_VAR_DIR": str(var_dir),
           "DATABASE_URL": database_url(), "GAOXIN_TEST_MARKER": str(marker),
           "GAOXIN_DATA_KEY": settings.DATA_KEYS}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "gaoxin.cli", "worker", "--interval", "0.1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip


def queued_import(users, var_dir: Path, task) -> tuple[ImportJob, TaskRun]:
    path = var_dir / "imports" / "企业.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([HEADER, *GOOD, ""]), encoding="utf-8")
    job = ImportJob.objects.create(
        kind="enterprises", upload="u1", file_name="企业.csv", dry_run=False, user=users.leader
    )
    actor = Actor(user=users.leader, source="web")
    run = work.submit(task, "transfer.import", "导入企业", actor, {"job": str(job.pk), "path": str(path)})
    ImportJob.objects.filter(pk=job.pk).update(run=run)
    return job, run


def wait_for(check, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_progress_from_another_process_then_a_killed_worker_fails_the_job_and_writes_nothing(
    users, client_for, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    marker = tmp_path / "in-commit"
    job, run = queued_import(users, tmp_path, import_then_hang)
    leader = client_for("leader")  # logged in before: on SQLite the worker's open commit locks all writes
    worker = start_worker(tmp_path, marker)
    try:
        wait_for(marker.exists)
        run.refresh_from_db()
        assert run.state == WorkState.RUNNING and run.worker.endswith(f":{worker.pid}")
        assert work.live(run) == {"phase": "writing", "done": 2, "total": 2}
        html = leader.get(f"/transfer/import/job/{job.pk}/progress/").content.decode()
        assert "正在写入" in html and "已处理 2 / 2 行" in html
        assert work.reap_lost() == []  # the worker is alive: its run is not lost
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)

    lost = work.reap_lost()
    assert [r.pk for r in lost] == [run.pk]
    run.refresh_from_db()
    job.refresh_from_db()
    assert run.state == WorkState.FAILED and "已中断" in run.message and run.finished
    assert job.phase == "failed" and job.ok is False and "处理过程中断，未写入任何数据" in job.message
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get(id=run.result_id)
    assert queued.status == "FAILED" and "WorkerLost" in queued.exception_class_path
    assert Enterprise.objects.count() == 0 and ImportBatch.objects.count() == 0
    html = leader.get(f"/transfer/import/job/{job.pk}/").content.decode()
    assert "处理过程中断" in html


@pytest.mark.django_db
def test_a_failed_run_is_retried_with_its_arguments_and_then_succeeds(users, settings, tmp_path):
    from gaoxin.transfer.tasks import import_file

    settings.VAR_DIR = tmp_path
    job, run = queued_import(users, tmp_path, import_file)
    assert run.state == WorkState.DONE and Enterprise.objects.count() == 2  # the immediate backend ran it
    with pytest.raises(ValueError):
        work.retry(run, Actor(user=users.leader))  # only a failed run is retried
    TaskRun.objects.filter(pk=run.pk).update(state=WorkState.FAILED, message="执行进程已中断")
    ImportJob.objects.filter(pk=job.pk).update(finished=None, phase="failed")
    run.refresh_from_db()
    (tmp_path / "imports" / "企业.csv").write_text("\n".join([HEADER, *GOOD, ""]), encoding="utf-8")
    again = work.retry(run, Actor(user=users.leader))
    assert (again.state, again.attempt, again.retry_of_id) == (WorkState.DONE, 2, run.pk)
    assert again.arguments["job"] == str(job.pk) and ImportBatch.objects.count() == 2
    assert jobs.wait(job, 1)
