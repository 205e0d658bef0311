"""The import page's jobs: upload → validation job → preview; confirm → commit job; the polled progress
partial; only the owner reads a job; a failing job writes nothing; and one run on a real thread."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gaoxin.core import work
from gaoxin.core.models import TaskRun, WorkState
from gaoxin.registry import uscc
from gaoxin.registry.models import Enterprise
from gaoxin.transfer import jobs
from gaoxin.transfer.choices import JobPhase
from gaoxin.transfer.importer import Progress, run_import
from gaoxin.transfer.kinds import get_kind
from gaoxin.transfer.models import ImportBatch, ImportJob

HEADER = "统一社会信用代码,企业名称,成立日期,注册资本（万元）,行业代码,所属单位"
GOOD = [
    f"{uscc.make('420106', 'MA4K00011')},江城进度甲科技有限公司,2019-05-01,500,C3981,东湖街道",
    f"{uscc.make('420111', 'MA4K00012')},江城进度乙软件有限公司,2020-03-02,1.2亿,6513,南山街道",
]
BAD = f"{uscc.make('420106', 'MA4K00013')},江城进度丙有限公司,2021-01-01,很多钱,C3981,东湖街道"


def upload(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("企业.csv", "\n".join([HEADER, *rows, ""]).encode("utf-8"))


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def post_upload(client, *rows: str) -> ImportJob:
    response = client.post("/transfer/import/", {"kind": "enterprises", "file": upload(*rows)})
    job = ImportJob.objects.get(dry_run=True)
    assert response.status_code == 302 and response.url == f"/transfer/import/job/{job.pk}/"
    return job


def progress_url(job: ImportJob) -> str:
    return f"/transfer/import/job/{job.pk}/progress/"


@pytest.mark.django_db
def test_upload_then_confirm_shows_preview_then_success(client_for, var_dir):
    leader = client_for("leader")
    job = post_upload(leader, *GOOD)
    job.refresh_from_db()
    assert (job.phase, job.ok, job.rows_total, job.valid_count, job.error_count) == ("done", True, 2, 2, 0)
    page = leader.get(f"/transfer/import/job/{job.pk}/").content.decode()
    assert 'id="import-preview"' in page and "江城进度乙软件有限公司" in page and "120000000" in page
    assert f'action="/transfer/import/{job.upload}/confirm/"' in page and "hx-trigger" not in page
    assert Enterprise.objects.count() == 0

    response = leader.post(f"/transfer/import/{job.upload}/confirm/")
    commit = ImportJob.objects.get(dry_run=False)
    assert response.url == f"/transfer/import/job/{commit.pk}/"
    done = leader.get(response.url).content.decode()
    assert "导入完成：企业.csv 共 2 行，新增 2，更新 0，未变化 0" in done
    assert Enterprise.objects.count() == 2 and commit.batch_id == ImportBatch.objects.get().pk
    assert not list(var_dir.glob(f"imports/{job.upload}.csv"))  # the committed upload is removed


@pytest.mark.django_db
def test_bad_row_still_reports_row_column_and_the_error_report(client_for, var_dir):
    leader = client_for("leader")
    job = post_upload(leader, *GOOD, BAD)
    html = leader.get(progress_url(job)).content.decode()  # the finished partial: the outcome
    assert 'id="import-errors"' in html and 'id="confirm-import"' not in html
    assert "<td>4</td><td>注册资本</td>" in html and "不是有效的金额" in html
    report = leader.get(f"/transfer/import/{job.upload}/report/")
    rows = list(load_workbook(io.BytesIO(report.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "错误说明" and "不是有效的金额" in rows[3][-1] and not rows[1][-1]
    assert Enterprise.objects.count() == 0


@pytest.mark.django_db
def test_progress_partial_shows_phase_percentage_and_rows_throttled(client_for, users, monkeypatch):
    task_run = TaskRun.objects.create(kind="transfer.import", label="导入", state=WorkState.RUNNING)
    job = ImportJob.objects.create(
        kind="enterprises", file_name="大.xlsx", upload="u1", user=users.leader, run=task_run
    )
    leader = client_for("leader")
    html = leader.get(progress_url(job)).content.decode()  # nothing reported yet: the stored phase
    assert "正在读取文件" in html and "progress-bar-indeterminate" in html
    assert 'hx-trigger="every 700ms"' in html

    progress = jobs.JobProgress(work.Reporter(task_run))
    progress.phase(JobPhase.WRITING, 200)
    progress.advance(50)  # within INTERVAL of the phase change: not stored yet
    assert "已处理 0 / 200 行" in leader.get(progress_url(job)).content.decode()
    monkeypatch.setattr(work, "INTERVAL", 0)
    progress.advance(50)
    html = leader.get(progress_url(job)).content.decode()
    assert "正在写入" in html and "50%" in html and 'style="width: 50%"' in html
    assert "已处理 100 / 200 行" in html and 'hx-get="/transfer/import/job/' in html
    monkeypatch.setattr(work, "INTERVAL", 60)
    progress.advance(100)  # the phase's last row is stored at once; not finished yet: held below 100 %
    html = leader.get(progress_url(job)).content.decode()
    assert "99%" in html and "已处理 200 / 200 行" in html


@pytest.mark.django_db
def test_another_user_cannot_read_the_job(client_for, var_dir):
    job = post_upload(client_for("staff1"), *GOOD, BAD)
    other = client_for("leader")
    for url in (f"/transfer/import/job/{job.pk}/", progress_url(job)):
        assert other.get(url).status_code == 404
    assert client_for("staff1").get(progress_url(job)).status_code == 200


@pytest.mark.django_db
def test_a_failing_commit_marks_the_job_failed_and_writes_nothing(client_for, var_dir, monkeypatch):
    leader = client_for("leader")
    job = post_upload(leader, *GOOD)
    kind = get_kind("enterprises")

    def broken(clean, context, batch):
        kind.__class__.commit(kind, clean, context, batch)  # writes the rows, then fails
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(kind, "commit", broken)
    response = leader.post(f"/transfer/import/{job.upload}/confirm/")
    commit = ImportJob.objects.get(dry_run=False)
    assert (commit.phase, commit.ok) == ("failed", False) and "磁盘已满" in commit.message
    assert "磁盘已满" in leader.get(response.url).content.decode()
    assert Enterprise.objects.count() == 0 and ImportBatch.objects.count() == 0


class Recorder(Progress):
    def __init__(self):
        self.events = []

    def phase(self, phase, total=0):
        self.events.append((str(phase), total))

    def advance(self, rows):
        self.events.append(("+", rows))


@pytest.mark.django_db
def test_run_import_reports_phases_rows_parsed_and_rows_written(actor):
    data = "\n".join([HEADER, *GOOD, ""]).encode()
    recorder, parsed = Recorder(), []
    assert run_import(get_kind("enterprises"), data, "e.csv", actor, progress=recorder).ok
    phases = [e for e in recorder.events if e[0] != "+"]
    assert phases == [("reading", 0), ("validating", 2), ("writing", 2)]
    writing = recorder.events.index(("writing", 2))
    assert sum(n for e, n in recorder.events[:writing] if e == "+") == 2  # rows parsed
    assert recorder.events[writing + 1 :] == [("+", 2)]  # the two new rows, inserted in one chunk
    # A plain callable (the old interface) still gets the rows parsed only.
    run_import(get_kind("enterprises"), data, "e.csv", actor, dry_run=True, progress=parsed.append)
    assert sum(parsed) == 2


class Hold:
    """Stops the job's thread at one point until the test lets it go."""

    def __init__(self):
        self.reached, self.go = threading.Event(), threading.Event()

    def __call__(self):
        self.reached.set()
        assert self.go.wait(30)

    def wait_then(self, check):
        assert self.reached.wait(30), "the job's thread did not get there"
        try:
            check()
        finally:
            self.go.set()


def run_worker(tasks: int) -> None:
    """The worker's task run for ``tasks`` queued tasks, on this thread. (Its queue poll takes an exclusive
    transaction, which on the tests' shared in-memory SQLite would lock out the pages; a plain read here.)"""
    import time

    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from gaoxin.core.management.commands.worker import ReapingWorker

    worker = ReapingWorker(
        queue_names=["*"], interval=0, batch=False, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip
    deadline = time.monotonic() + 60
    try:
        while tasks and time.monotonic() < deadline:
            queued = DBTaskResult.objects.ready().order_by("enqueued_at").first()
            if queued is None:
                time.sleep(0.05)
                continue
            queued.claim(worker.worker_id)
            worker.run_task(queued)
            tasks -= 1
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_the_queued_task_shows_live_progress_even_inside_the_commit(
    client_for, var_dir, settings, monkeypatch
):
    """The jobs go through the database queue and a worker (on a thread here) runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(work, "INTERVAL", 0)
    # Each job waits at its start (so the request that started it is over) and the commit once more
    # after its first rows are written, inside the import's open transaction.
    start_dry, start_commit, in_commit = Hold(), Hold(), Hold()
    starts, phase, advance = [start_dry, start_commit], jobs.JobProgress.phase, jobs.JobProgress.advance

    def held_phase(self, name, total=0):
        phase(self, name, total)
        if name == JobPhase.READING:
            starts.pop(0)()

    def held_advance(self, rows):
        advance(self, rows)
        if self.state["phase"] == JobPhase.WRITING and not in_commit.reached.is_set():
            in_commit()

    monkeypatch.setattr(jobs.JobProgress, "phase", held_phase)
    monkeypatch.setattr(jobs.JobProgress, "advance", held_advance)
    leader = client_for("leader")

    job = post_upload(leader, *GOOD)
    assert "排队等待" in leader.get(progress_url(job)).content.decode()
    worker = threading.Thread(target=run_worker, args=(2,), daemon=True)
    worker.start()
    start_dry.wait_then(lambda: None)
    assert jobs.wait(job, 30)
    outcome = leader.get(progress_url(job)).content.decode()
    assert 'id="confirm-import"' in outcome and "hx-trigger" not in outcome

    response = leader.post(f"/transfer/import/{job.upload}/confirm/")
    commit = ImportJob.objects.get(dry_run=False)
    start_commit.wait_then(lambda: None)

    def live_inside_the_transaction():
        html = leader.get(progress_url(commit)).content.decode()
        assert "正在写入" in html and "已处理 2 / 2 行" in html and "99%" in html and "hx-trigger" in html

    in_commit.wait_then(live_inside_the_transaction)
    assert jobs.wait(commit, 30)
    worker.join(30)
    assert "导入完成：企业.csv 共 2 行，新增 2" in leader.get(response.url).content.decode()
    assert Enterprise.objects.count() == 2


@pytest.mark.django_db
def test_a_new_upload_removes_uploads_older_than_the_keep_period(client_for, var_dir):
    import os
    import time

    imports = jobs.upload_dir()
    old, recent = imports / "old.csv", imports / "recent.csv"
    for path in (old, recent):
        path.write_text("x", encoding="utf-8")
    past = time.time() - jobs.KEEP.total_seconds() - 60
    os.utime(old, (past, past))
    post_upload(client_for("leader"), *GOOD)
    assert not old.exists() and recent.exists()
    assert any(p.suffix == ".csv" for p in imports.iterdir() if p != recent)  # the new upload is kept


def _two_sheet_workbook() -> bytes:
    """Two visible sheets holding the enterprise template's headers: the importer cannot guess."""
    from openpyxl import Workbook

    book = Workbook()
    for index, title in enumerate(("旧名单", "新名单")):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(HEADER.split(","))
        sheet.append(GOOD[index].split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_the_page_lets_the_person_choose_among_several_sheets_and_commits_that_sheet(client_for, var_dir):
    """Issue 11 item 3 on the page: the refusal offered no way to say which sheet (only the API and CLI
    took a sheet name), so such a workbook could not be imported from the page at all."""
    leader = client_for("leader")
    upload = SimpleUploadedFile("两个名单.xlsx", _two_sheet_workbook())
    leader.post("/transfer/import/", {"kind": "enterprises", "file": upload})
    refused = ImportJob.objects.get(dry_run=True)
    page = leader.get(f"/transfer/import/job/{refused.pk}/").content.decode()
    assert (
        'id="choose-sheet"' in page and '<option value="新名单">' in page and "请选择要导入的工作表" in page
    )
    response = leader.post(f"/transfer/import/{refused.upload}/sheet/", {"sheet": "新名单"})
    chosen = ImportJob.objects.filter(dry_run=True).exclude(pk=refused.pk).get()
    assert response.url == f"/transfer/import/job/{chosen.pk}/"
    assert (chosen.ok, chosen.rows_total, chosen.detail["sheet"]) == (True, 1, "新名单")
    assert "读取的工作表：新名单" in leader.get(f"/transfer/import/job/{chosen.pk}/").content.decode()
    leader.post(f"/transfer/import/{chosen.upload}/confirm/")
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["江城进度乙软件有限公司"]


@pytest.mark.django_db
def test_choosing_a_sheet_the_workbook_lacks_is_a_clear_error(client_for, var_dir):
    leader = client_for("leader")
    leader.post(
        "/transfer/import/",
        {"kind": "enterprises", "file": SimpleUploadedFile("b.xlsx", _two_sheet_workbook())},
    )
    refused = ImportJob.objects.get(dry_run=True)
    leader.post(f"/transfer/import/{refused.upload}/sheet/", {"sheet": "不存在"})
    chosen = ImportJob.objects.filter(dry_run=True).exclude(pk=refused.pk).get()
    assert not chosen.ok and "没有名为“不存在”的工作表" in chosen.detail["errors"][0]["message"]
    assert client_for("staff1").post(
        f"/transfer/import/{refused.upload}/sheet/", {"sheet": "新名单"}
    ).status_code in (403, 404)
    assert Enterprise.objects.count() == 0
