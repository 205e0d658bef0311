import pytest

from gaoxin.core.context import Actor
from gaoxin.projects.tests.conftest import make_project, zone  # noqa: F401  (shared fixtures)


@pytest.fixture
def raise_as(org, users):
    """raise_as('liaison1', severity=…, **data) → a problem raised by that user (牵头：经济发展局)."""
    from gaoxin.problems.actions import raise_problem

    def do(username="liaison1", **data):
        data.setdefault("description", "厂房用电增容审批迟迟未办")
        data.setdefault("category", "用电")
        data.setdefault("severity", "一般")
        data.setdefault("lead_department", org.units["经济发展局"])
        return raise_problem(data, Actor(user=getattr(users, username)))

    return do


@pytest.fixture
def as_(users):
    return lambda name: Actor(user=getattr(users, name))
