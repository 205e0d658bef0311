from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gaoxin.demo"
    label = "demo"
    verbose_name = "演示数据"

    def ready(self):
        from . import builders, organization

        builders.register(10, "组织机构与人员", organization.build)
