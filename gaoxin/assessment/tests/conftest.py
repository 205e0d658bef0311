"""Assessment fixtures: synthetic enterprises in the demo zone (assessed), and an enterprise user."""

from __future__ import annotations

import random

import pytest

YEAR = 2026


@pytest.fixture
def enterprises(org, users):
    from gaoxin.registry.demo import populate
    from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS

    units = [u for u in org.units.values() if u.kind in ENTERPRISE_UNIT_KINDS and u.level == 2]
    return populate(random.Random(7), 24, units, [users.liaison1, users.liaison2], org.today)


@pytest.fixture
def assessed(enterprises, actor, org):
    from gaoxin.assessment.actions import run_assessment

    return run_assessment(org.today.year, actor)


@pytest.fixture
def ent_user(org, enterprises):
    from django.utils import timezone

    from gaoxin.organization.choices import Role
    from gaoxin.organization.models import User
    from gaoxin.registry.models import EnterpriseAccount

    user = User.objects.create(
        username="ent1", role=Role.ENTERPRISE, zone=org.zone, full_name="企业联系人",
        password_changed_at=timezone.now(),
    )  # fmt: skip
    user.set_password("Gaoxin@2026")
    user.save()
    EnterpriseAccount.objects.create(user=user, enterprise=enterprises[0])
    return user
