from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gaoxin.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from . import signals  # noqa: F401  (login/logout/failure audit)
