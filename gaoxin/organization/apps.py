from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "gaoxin.organization"
    label = "organization"
    verbose_name = "组织与人员"

    def ready(self):
        from gaoxin.core import events

        events.register(
            {
                "organization.role_changed": "角色变更",
                "organization.unlocked": "账号解锁",
                "organization.zone_initialized": "园区初始化",
            }
        )
