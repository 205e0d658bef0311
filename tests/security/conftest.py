"""Fixtures of the security suite: a few demo enterprises (one with a known contact phone)."""

from __future__ import annotations

import random

import pytest

from gaoxin.problems.tests.conftest import as_, raise_as  # noqa: F401  (shared fixtures)
from gaoxin.projects.tests.conftest import make_project, zone  # noqa: F401

PHONE = "15012345217"


@pytest.fixture
def firms(org, users):
    from gaoxin.registry.demo import populate
    from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS

    units = [u for u in org.units.values() if u.kind in ENTERPRISE_UNIT_KINDS and u.level == 2]
    made = populate(random.Random(7), 6, units, [users.liaison1, users.liaison2], org.today)
    from gaoxin.registry.models import Enterprise

    Enterprise.objects.filter(pk=made[0].pk).update(contact_phone=PHONE)
    made[0].refresh_from_db()
    return made


@pytest.fixture
def firm(firms):
    return firms[0]
