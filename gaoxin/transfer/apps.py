from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "gaoxin.transfer"
    label = "transfer"
    verbose_name = "数据交换"

    def ready(self):
        from gaoxin.core.work import LOST_HOOKS

        LOST_HOOKS["transfer.import"] = "gaoxin.transfer.jobs.lost"
