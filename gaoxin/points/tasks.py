"""The points app's background task: a year's innovation points started from the scores page."""

from django.tasks import task

from gaoxin.core import work


def run(task_run, actor, reporter: work.Reporter) -> dict:
    from .actions import run_points
    from .models import ReferenceTable

    arguments = task_run.arguments
    reference = ReferenceTable.objects.filter(pk=arguments.get("reference") or 0).first()
    reporter.phase("计算创新积分")
    result = run_points(arguments["year"], actor, reference)
    return {
        "points_run": result.pk,
        "message": f"{result.year} 年度创新积分已计算：{result.count} 家企业（参照：{result.reference_label}）",
    }


@task()
def compute_points(run_id: str) -> dict:
    return work.execute(run_id, run)
