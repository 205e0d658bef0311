from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "gaoxin.problems"
    label = "problems"
    verbose_name = "问题台账"

    def ready(self):
        from gaoxin.core import events

        events.register(
            {
                "problems.raised": "提出问题",
                "problems.accept": "受理",
                "problems.return": "退回",
                "problems.resubmit": "重新提交",
                "problems.resolve": "办结",
                "problems.reopen": "退回重办",
                "problems.confirm": "确认销号",
                "problems.override": "领导销号",
                "problems.extension_requested": "申请延期",
                "problems.extension_decided": "延期审批",
                "problems.supervised": "督办",
                "problems.plan_submitted": "报送整改方案",
                "problems.escalated": "超期升级",
            }
        )
        from gaoxin.demo.builders import register
        from gaoxin.transfer import kinds

        from .transfer import ProblemKind

        for kind in (ProblemKind(),):
            kinds.register(kind)

        from gaoxin.projects.actions.reporting import on_report_problems

        from .actions import raise_report_problems

        on_report_problems(raise_report_problems)
        from . import dashboard  # noqa: F401  (dashboard cards)
        from .demo import build

        register(60, "问题台账", build)
