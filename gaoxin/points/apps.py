from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "gaoxin.points"
    label = "points"
    verbose_name = "创新积分与白名单"

    def ready(self):
        from gaoxin.core.events import register as register_events

        from .actions import EVENT_TYPES

        register_events(EVENT_TYPES)
        from gaoxin.demo.builders import register as register_demo

        from . import demo

        register_demo(45, "创新积分与白名单", demo.build)  # after the assessment (40) it reads
