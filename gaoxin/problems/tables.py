from django.utils import timezone
from django.utils.html import format_html

from gaoxin.web.tables import Column, Table

from .choices import OPEN_STATES


def deadline_cell(problem):
    if problem.state in OPEN_STATES and problem.deadline < timezone.localdate():
        days = (timezone.localdate() - problem.deadline).days
        return format_html('<span class="text-danger">{}（超期{}天）</span>', problem.deadline, days)
    return str(problem.deadline)


PROBLEM_TABLE = Table(
    [
        Column("code", "问题编号", order_by="code", link="problems:detail"),
        Column("description", "问题描述", accessor=lambda p: p.description[:36]),
        Column("enterprise", "企业", accessor="enterprise.name"),
        Column("project", "所属项目", accessor="project.name"),
        Column("category", "类别", order_by="category"),
        Column("severity", "紧急程度", order_by="severity"),
        Column("state", "状态", accessor=lambda p: p.get_state_display(), order_by="state"),
        Column(
            "lead_department", "牵头部门", accessor="lead_department.name", order_by="lead_department__path"
        ),
        Column("raised_on", "提出日期", order_by="raised_on"),
        Column("deadline", "办理时限", accessor=deadline_cell, order_by="deadline"),
        Column("raised_by", "提出人", accessor="raised_by.display_name"),
    ],
    default_order="-raised_on",
)
