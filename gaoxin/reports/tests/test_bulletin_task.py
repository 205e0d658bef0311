"""The bulletin file is rendered as a background task (issue 12 item 4): the page enqueues it, a worker
renders it with the reader's scope, the page polls its state and links the file; a failure is recorded."""

import pytest
from django_tasks_db.models import DBTaskResult

from gaoxin.core.models import TaskRun, WorkState
from gaoxin.core.tests.test_work_queue import run_queued

from .test_bulletin import month_data  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("month_data")]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_page_queues_the_bulletin_and_a_worker_renders_it(client_for, settings, monkeypatch):
    from gaoxin.core.work import live
    from gaoxin.reports import render

    seen, pdf_bytes = [], render.pdf_bytes

    def watched(data):  # what a poll from any server process reads while the file is being written
        task_run = TaskRun.objects.get(kind="reports.bulletin")
        seen.append((task_run.state, live(task_run)["phase"]))
        return pdf_bytes(data)

    monkeypatch.setattr(render, "pdf_bytes", watched)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    leader = client_for("leader")
    response = leader.post("/reports/monthly/render/", {"month": "2026-06", "format": "pdf"})
    task_run = TaskRun.objects.get(kind="reports.bulletin")
    assert response.status_code == 302 and str(task_run.pk) in response["Location"]
    assert task_run.state == WorkState.QUEUED and task_run.arguments["month"] == "2026-06"
    assert DBTaskResult.objects.ready().count() == 1
    html = leader.get(response["Location"]).content.decode()
    assert "排队等待后台处理" in html and "hx-trigger" in html  # the page polls the run's state
    assert leader.get(f"/reports/bulletins/{task_run.pk}/download/").status_code == 404  # not yet

    run_queued()
    task_run.refresh_from_db()
    assert task_run.state == WorkState.DONE and seen == [(WorkState.RUNNING, "生成文件")]
    html = leader.get(f"/tasks/{task_run.pk}/").content.decode()
    assert "2026-06 月度通报（PDF）已生成" in html and task_run.result["download"] in html
    download = leader.get(task_run.result["download"])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content)[:4] == b"%PDF"
    assert "attachment" in download["Content-Disposition"]
    assert client_for("staff1").get(task_run.result["download"]).status_code == 404  # another reader's file


@pytest.mark.parametrize("fmt, magic", [("xlsx", b"PK"), ("docx", b"PK")])
def test_the_other_formats_render_the_same_way(client_for, fmt, magic):
    leader = client_for("leader")
    leader.post("/reports/monthly/render/", {"month": "2026-06", "format": fmt})
    task_run = TaskRun.objects.get(kind="reports.bulletin")
    assert task_run.state == WorkState.DONE, task_run.message
    download = leader.get(task_run.result["download"])
    assert b"".join(download.streaming_content)[:2] == magic
    assert task_run.result["filename"] == f"重点项目月度通报2026-06.{fmt}"


def test_a_failed_rendering_is_recorded_with_its_reason(client_for, monkeypatch):
    from gaoxin.reports import render

    def broken(data):
        raise RuntimeError("字体文件缺失")

    monkeypatch.setattr(render, "pdf_bytes", broken)
    leader = client_for("leader")
    response = leader.post("/reports/monthly/render/", {"month": "2026-06", "format": "pdf"})
    assert response.status_code == 302  # the page answers; the failure is on the run, as under a worker
    task_run = TaskRun.objects.get(kind="reports.bulletin")
    assert task_run.state == WorkState.FAILED and "字体文件缺失" in task_run.message
    assert task_run.finished and "RuntimeError" in task_run.result["traceback"]
    html = leader.get(f"/reports/monthly/?month=2026-06&task={task_run.pk}").content.decode()
    assert "失败：字体文件缺失" in html
    assert leader.get(f"/reports/bulletins/{task_run.pk}/download/").status_code == 404


def test_a_bad_month_or_format_starts_no_task(client_for):
    leader = client_for("leader")
    html = leader.post("/reports/monthly/render/", {"month": "2026-13", "format": "pdf"}).content.decode()
    assert "月份格式不正确" in html
    assert leader.post("/reports/monthly/render/", {"month": "2026-06", "format": "exe"}).status_code == 404
    assert (
        client_for("bank").post("/reports/monthly/render/", {"month": "2026-06", "format": "pdf"}).status_code
        == 403
    )
    assert not TaskRun.objects.filter(kind="reports.bulletin").exists()
