from django.utils.html import format_html

from gaoxin.core.money import format_money
from gaoxin.web.tables import Column, Table

from .choices import STATUS_COLOURS


def status_badge(status: str | None) -> str:
    if not status:
        return "—"
    return format_html(
        '<span class="badge text-white" style="background:{}">{}</span>', STATUS_COLOURS[status], status
    )


def money(value) -> str:
    return format_money(value)


def project_table(statuses: dict[int, str]) -> Table:
    return Table(
        [
            Column("code", "项目编号", order_by="code", link="projects:detail"),
            Column("name", "项目名称", order_by="name", link="projects:detail"),
            Column("type", "类型", order_by="type"),
            Column("level", "级别", order_by="level"),
            Column("stage", "阶段", order_by="stage"),
            Column("status", "状态", accessor=lambda p: statuses.get(p.pk), format=status_badge),
            Column("total_investment", "总投资", order_by="total_investment", format=money, align="end"),
            Column("year_investment", "本年完成", order_by="year_investment", format=money, align="end"),
            Column("department", "责任部门", accessor="department.name", order_by="department__path"),
            Column("leader", "包抓领导", accessor="leader.display_name"),
            Column("liaison", "联络人", accessor="liaison.display_name"),
        ],
        default_order="code",
    )


REPORT_TABLE = Table(
    [
        Column("project", "项目", accessor="project.name", order_by="project__name"),
        Column("period", "调度期", accessor="period_label", order_by="period_start"),
        Column("period_investment", "本期完成投资", format=money, align="end", order_by="period_investment"),
        Column("cumulative_investment", "累计完成投资", format=money, align="end"),
        Column("progress", "形象进度", accessor=lambda r: r.progress[:40]),
        Column("reporter", "填报人", accessor="reporter.display_name"),
        Column("submitted_on", "填报日期", order_by="submitted_on"),
        Column("on_time", "按时", accessor=lambda r: "是" if r.on_time else "逾期"),
    ],
    default_order="-period_start",
)
