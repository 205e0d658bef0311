"""Engine tests are plain pytest: they need no database. The project-wide autouse fixture that tunes
password hashing needs pytest-django's ``settings``; override it here so the engine suite also runs
with ``-p no:django``."""

import pytest


@pytest.fixture(autouse=True)
def _fast_hashing():
    yield
