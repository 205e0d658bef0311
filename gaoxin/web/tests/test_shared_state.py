"""`gaoxin serve --workers N` runs several processes: anything one process caches or keeps of a session
must be visible to the others, so neither may live in process memory (issue 12 item 5)."""

from django.conf import settings
from django.core.cache import caches

PROCESS_LOCAL = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


def test_every_cache_is_shared_between_processes():
    for alias, conf in settings.CACHES.items():
        assert conf["BACKEND"] not in PROCESS_LOCAL, alias
        assert type(caches[alias]).__module__.split(".")[-1] in {"db", "redis"}, alias


def test_sessions_are_database_rows():
    # cache-only sessions would be lost with the cache; signed cookies cannot be revoked at sign-out
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_form_renderer_is_the_fast_one():
    # the list pages' filter forms: ~30 % of the page's CPU without it
    assert settings.FORM_RENDERER == "gaoxin.web.renderers.FastWidgets"
