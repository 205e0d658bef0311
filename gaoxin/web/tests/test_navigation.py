"""The sidebar shows each role only what it may open (issue 10 item 11)."""

import pytest

from gaoxin.web.navigation import menu_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ent_user(org):
    from gaoxin.organization.choices import Role
    from gaoxin.organization.models import User

    return User.objects.create(username="ent1", role=Role.ENTERPRISE, zone=org.zone)


def labels(user) -> set[str]:
    return {item["label"] for group in menu_for(user) for item in group["items"]}


def test_own_enterprise_assessment_only_for_the_enterprise_role(users, ent_user):
    """本企业评估 was in every business role's menu and answered 403 for all but the enterprise role."""
    assert "本企业评估" in labels(ent_user)
    for person in (users.leader, users.staff1, users.street, users.liaison1):
        assert "本企业评估" not in labels(person)


def test_the_liaison_worklist_only_for_liaisons(users, ent_user):
    assert "我的包联企业" in labels(users.liaison1)
    for person in (users.leader, users.staff1, ent_user):
        assert "我的包联企业" not in labels(person)
