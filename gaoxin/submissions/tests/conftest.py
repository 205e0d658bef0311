from gaoxin.registry.tests.conftest import ent_user, enterprises  # noqa: F401  (shared fixtures)
