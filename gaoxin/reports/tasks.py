"""The reports app's background task: rendering one month's bulletin (PDF, xlsx or docx) for its reader.

The reader's scope is applied inside the task (the run carries the reader as its actor), so the file holds
exactly what the page would have shown them. The file is kept in the default storage under
``bulletins/<run id>.<format>``; the run's result names it and the download view serves it to its owner.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task

from gaoxin.core import work

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def writer(fmt: str):
    """The function that renders a bulletin's data as ``fmt`` (the page's direct download uses it too)."""
    from . import documents, render

    return {"pdf": render.pdf_bytes, "xlsx": render.xlsx_bytes, "docx": documents.monthly_docx}[fmt]


def run(task_run, actor, reporter: work.Reporter) -> dict:
    from django.urls import reverse

    from gaoxin.problems.scopes import scoped_problems
    from gaoxin.projects.scopes import scoped_projects

    from . import bulletin

    month, fmt, user = task_run.arguments["month"], task_run.arguments["format"], actor.user
    if user is None:
        raise ValueError("任务缺少发起人，无法确定通报的数据范围")
    reporter.phase("汇总通报数据")
    data = bulletin.monthly(user.zone, month, scoped_projects(user), scoped_problems(user))
    reporter.phase("生成文件")
    content = writer(fmt)(data)
    name = default_storage.save(f"bulletins/{task_run.pk}.{fmt}", ContentFile(content))
    return {
        "file": name,
        "format": fmt,
        "filename": f"重点项目月度通报{data['month']}.{fmt}",
        "size": len(content),
        "download": reverse("reports:bulletin_download", args=[task_run.pk]),
        "message": f"{data['month']} 月度通报（{fmt.upper()}）已生成，{max(1, len(content) // 1024)} KB",
    }


@task()
def render_bulletin(run_id: str) -> dict:
    return work.execute(run_id, run)
