"""Registry fixtures: a handful of synthetic enterprises in the demo zone, and an enterprise user."""

from __future__ import annotations

import random

import pytest


@pytest.fixture
def enterprises(org, users):
    from gaoxin.organization.choices import Role
    from gaoxin.registry.demo import populate
    from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS

    units = [u for u in org.units.values() if u.kind in ENTERPRISE_UNIT_KINDS and u.level == 2]
    liaisons = [users.liaison1, users.liaison2]
    assert all(p.role == Role.LIAISON for p in liaisons)
    return populate(random.Random(7), 24, units, liaisons, org.today)


def enterprise_user(org, enterprise, username: str = "ent1"):
    """An 企业用户 account of ``enterprise`` (password Gaoxin@2026, not expired); the policies tests share it."""
    from django.utils import timezone

    from gaoxin.organization.choices import Role
    from gaoxin.organization.models import User
    from gaoxin.registry.models import EnterpriseAccount

    user = User.objects.create(
        username=username,
        role=Role.ENTERPRISE,
        zone=org.zone,
        full_name="企业联系人",
        password_changed_at=timezone.now(),
    )
    user.set_password("Gaoxin@2026")
    user.save()
    EnterpriseAccount.objects.create(user=user, enterprise=enterprise)
    return user


@pytest.fixture
def ent_user(org, enterprises):
    return enterprise_user(org, enterprises[0])


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)
