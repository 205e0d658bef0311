from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "gaoxin.registry"
    label = "registry"
    verbose_name = "企业库"
