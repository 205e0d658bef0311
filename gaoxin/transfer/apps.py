from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "gaoxin.transfer"
    label = "transfer"
    verbose_name = "数据交换"
