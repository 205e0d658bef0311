from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gaoxin.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401  (login/logout/failure audit)

        post_migrate.connect(_create_cache_table, sender=self)


def _create_cache_table(using="default", **kwargs):
    """The database cache's table, created with the schema (a no-op when it exists or Redis is used)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
