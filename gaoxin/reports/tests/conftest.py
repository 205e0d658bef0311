from gaoxin.projects.tests.conftest import make_project, zone  # noqa: F401  (shared fixtures)
