"""Whole-zone assessment and points started from their pages go through the database queue: the page
answers at once with a polled task partial, and a worker run then stores the outcome on the task run."""

import pytest
from django_tasks_db.models import DBTaskResult

from gaoxin.core.models import TaskRun, WorkState


def run_queued() -> None:
    """What ``gaoxin worker`` does for each queued task (its loop would close the test's connection)."""
    from gaoxin.core.management.commands.worker import ReapingWorker

    worker = ReapingWorker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip
    while (queued := DBTaskResult.objects.ready().first()) is not None:
        queued.claim(worker.worker_id)
        worker.run_task(queued)


@pytest.mark.django_db
def test_the_assessment_page_queues_the_run_and_the_partial_shows_the_outcome(
    client_for, settings, org, users
):
    import random

    from gaoxin.registry.demo import populate

    populate(random.Random(7), 3, [org.units["东湖街道"]], [users.liaison1], org.today)  # a year with data
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    leader = client_for("leader")
    html = leader.post("/assessment/run/", {"year": 2026}).content.decode()
    task_run = TaskRun.objects.get(kind="assessment.run")
    assert task_run.state == WorkState.QUEUED and "排队等待后台处理" in html
    assert DBTaskResult.objects.ready().count() == 1
    run_queued()
    task_run.refresh_from_db()
    assert task_run.state == WorkState.DONE and task_run.result["assessment_run"]
    html = leader.get(f"/tasks/{task_run.pk}/").content.decode()
    assert "2026 年度评估完成" in html and "hx-trigger" not in html
    assert client_for("staff1").get(f"/tasks/{task_run.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_points_page_queues_the_run(client_for, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client_for("leader").post("/points/run/", {"year": 2026})
    assert response.status_code == 302
    task_run = TaskRun.objects.get(kind="points.run")
    assert task_run.state == WorkState.QUEUED and task_run.arguments["year"] == 2026
    run_queued()
    task_run.refresh_from_db()
    assert task_run.state == WorkState.DONE and task_run.finished and task_run.result["points_run"]
    assert "2026 年度创新积分已计算" in task_run.result["message"]
