from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "gaoxin.submissions"
    label = "submissions"
    verbose_name = "填报审核"

    def ready(self):
        from gaoxin.core.events import register as register_events

        from .actions import EVENT_TYPES

        register_events(EVENT_TYPES)
