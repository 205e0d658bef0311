from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "gaoxin.assessment"
    label = "assessment"
    verbose_name = "资质评估与梯度培育"

    def ready(self):
        from gaoxin.core.events import register as register_events
        from gaoxin.demo.builders import register as register_demo

        from . import dashboard, demo  # noqa: F401  (dashboard registers its card)
        from .actions import EVENT_TYPES

        register_events(EVENT_TYPES)
        from gaoxin.transfer.kinds import register as register_kind

        from .transfer import AssessmentInputsKind

        register_kind(AssessmentInputsKind())
        register_demo(40, "资质评估与梯度培育", demo.build)
