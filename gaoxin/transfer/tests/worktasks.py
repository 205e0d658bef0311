"""A task for the worker-process tests: the real import job, stopped inside its commit transaction.

Once the first rows are written (inside the all-or-nothing transaction) it touches the marker file named
by ``GAOXIN_TEST_MARKER`` and then hangs, so the test can read the progress from its own process and
kill the worker there."""

import os
import time
from pathlib import Path

from django.tasks import task

from gaoxin.core import work
from gaoxin.transfer import jobs
from gaoxin.transfer.choices import JobPhase


@task()
def import_then_hang(run_id: str) -> dict:
    advance = jobs.JobProgress.advance

    def hanging_advance(self, rows):
        advance(self, rows)
        if self.reporter.phase_name == JobPhase.WRITING and self.reporter.done:
            Path(os.environ["GAOXIN_TEST_MARKER"]).touch()
            time.sleep(600)  # killed by the test long before

    jobs.JobProgress.advance = hanging_advance
    return work.execute(run_id, jobs.run)
