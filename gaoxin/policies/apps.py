from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "gaoxin.policies"
    label = "policies"
    verbose_name = "政策库与政策兑现"

    def ready(self):
        from gaoxin.core.events import register as register_events
        from gaoxin.demo.builders import register as register_demo
        from gaoxin.notifications.kinds import register as register_kinds

        from . import demo
        from .actions import EVENT_TYPES, NOTIFICATION_KINDS

        register_events(EVENT_TYPES)
        register_kinds(NOTIFICATION_KINDS)
        register_demo(70, "政策库与政策兑现", demo.build)
