"""The assessment app's background task: the whole-zone run started from the verdict list page."""

from django.tasks import task

from gaoxin.core import work


def run(task_run, actor, reporter: work.Reporter) -> dict:
    from .actions import run_assessment

    arguments = task_run.arguments
    assessment = run_assessment(
        arguments["year"], actor, arguments.get("rules"), lambda message: reporter.phase(message)
    )
    message = f"{assessment.year} 年度评估完成：{assessment.enterprise_count} 家企业、{assessment.verdict_count} 条结论"
    return {"assessment_run": assessment.pk, "message": message}


@task()
def assess_zone(run_id: str) -> dict:
    return work.execute(run_id, run)
