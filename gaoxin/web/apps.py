from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gaoxin.web"
    label = "web"
    verbose_name = "页面框架"

    def ready(self):
        from django.db.models import fields

        # Django 6's empty choice "- Select an option -" has no zh-hans translation yet (Django's hook for it)
        fields.BLANK_CHOICE_LABEL = "请选择"
