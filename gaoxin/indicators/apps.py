from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "gaoxin.indicators"
    label = "indicators"
    verbose_name = "经济运行监测"

    def ready(self):
        from gaoxin.core import events
        from gaoxin.demo.builders import register
        from gaoxin.transfer import kinds

        from .transfer import IndicatorImport, TargetImport, ValueImport

        events.register({"indicators.revised": "数据修订"})
        for kind in (IndicatorImport(), TargetImport(), ValueImport()):
            kinds.register(kind)

        from . import dashboard  # noqa: F401  (the alerts on the to-do list)
        from .demo import build

        register(70, "经济运行监测", build)
