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
                "organization.unit_moved": "调整上级单位",
                "organization.unit_closed": "撤销单位",
                "organization.account_disabled": "停用账号",
                "organization.account_enabled": "启用账号",
                "organization.password_reset": "重置密码",
                "organization.role_requested": "申请角色",
                "organization.role_request_decided": "角色审批",
                "organization.second_factor_enrolling": "开始绑定身份验证器",
                "organization.second_factor_enrolled": "绑定身份验证器",
                "organization.second_factor_reset": "重置双因素认证",
            }
        )
        from gaoxin.transfer import kinds

        from .people_transfer import PeopleKind
        from .unit_transfer import UnitKindTransfer

        kinds.register(UnitKindTransfer())
        kinds.register(PeopleKind())
