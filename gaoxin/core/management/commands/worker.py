"""``gaoxin worker``: run the queued background tasks (imports, assessments, points, bulletins).

django_tasks_db's worker loop, plus: runs a dead worker left ``running`` are marked failed at start and
every ``REAP_EVERY`` seconds (``gaoxin.core.work.reap_lost``).
"""

import time

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from gaoxin.core.work import reap_lost, worker_name

REAP_EVERY = 60.0


class ReapingWorker(Worker):
    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        self.reap_when_due()

    def reap_when_due(self) -> None:
        if time.monotonic() - getattr(self, "reaped", 0.0) >= REAP_EVERY:
            self.reaped = time.monotonic()
            for run in reap_lost():
                self.log(f"任务 {run.pk}（{run.label}）：{run.message}")

    def log(self, text: str) -> None:
        print(text, flush=True)


class Command(BaseCommand):
    help = "Run background tasks from the database queue (imports, assessments, points, bulletins)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.5, help="seconds between two queue polls")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args, **options):
        worker = ReapingWorker(
            queue_names=["*"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=f"{worker_name()}:{get_random_string(6)}",
            excluded_queue_names=[],
        )
        worker.reap_when_due()
        worker.configure_signals()
        self.stdout.write(f"后台任务进程已启动（{worker.worker_id}）")
        self.stdout.flush()
        worker.run()
