"""The transfer app's background task: one import job (validation or commit) of the import page."""

from django.tasks import task

from gaoxin.core import work


@task()
def import_file(run_id: str) -> dict:
    from . import jobs

    return work.execute(run_id, jobs.run)
