from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "gaoxin.projects"
    label = "projects"
    verbose_name = "重点项目"

    def ready(self):
        from gaoxin.notifications.reminders import register as register_reminder

        from . import reminders

        register_reminder("projects", reminders.remind)
        from gaoxin.core import events

        events.register(
            {
                "projects.created": "新建项目",
                "projects.plan_generated": "生成节点计划",
                "projects.node_adjusted": "调整节点计划",
                "projects.node_done": "节点完成",
                "projects.milestone": "阶段推进",
                "projects.terminated": "项目终止",
                "projects.reported": "调度填报",
                "projects.photos_added": "补传照片",
                "projects.report_corrected": "调度更正",
                "projects.report_confirmed": "调度确认",
                "projects.reminded": "催报提醒",
                "projects.ranking_published": "发布榜单",
            }
        )
        from gaoxin.demo.builders import register
        from gaoxin.transfer import kinds

        from .transfer import DispatchReportKind, ProjectKind

        for kind in (
            ProjectKind(),
            DispatchReportKind(),
        ):
            kinds.register(kind)

        from . import dashboard  # noqa: F401  (dashboard cards)
        from .demo import build

        register(50, "重点项目", build)
