from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "gaoxin.registry"
    label = "registry"
    verbose_name = "企业库"

    def ready(self):
        from gaoxin.notifications.reminders import register as register_reminder

        from . import reminders

        register_reminder("registry", reminders.remind)
        from gaoxin.organization.enterprise_links import register as register_links

        from . import account_actions

        register_links(by_uscc=account_actions.enterprises_by_uscc, link=account_actions.link_enterprise)
        from gaoxin.core.events import register as register_events
        from gaoxin.demo.builders import register as register_demo
        from gaoxin.transfer.kinds import register as register_kind

        from . import dashboard, demo  # noqa: F401  (dashboard registers its cards)
        from .actions import EVENT_TYPES
        from .transfer import KINDS

        register_events(EVENT_TYPES)
        for kind in KINDS:
            register_kind(kind)
        register_demo(20, "企业库（一企一档）", demo.build)
