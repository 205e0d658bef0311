"""Zone-wide actions need a zone-wide account (issue 14 item 4).

东湖街道's staff (``street``) hold the staff role, but their unit scopes them to one street: publishing
the zone's whitelist or 红黑榜, running the whole-zone assessment or points, and the policy money chain
are refused (403) and every refusal is audited as 越权访问.
"""

from __future__ import annotations

import pytest

from gaoxin.core.models import SecurityEvent
from gaoxin.organization.permissions import ZONE_WIDE_CAPABILITIES


def denied_rows(username: str) -> int:
    return SecurityEvent.objects.filter(kind="permission_denied", username=username).count()


@pytest.mark.parametrize("capability", sorted(ZONE_WIDE_CAPABILITIES))
def test_unit_scoped_staff_lack_every_zone_wide_capability(users, capability):
    assert not users.street.can(capability)
    assert users.staff1.can(capability) or users.leader.can(capability)


def test_zone_wide_staff_keep_their_capabilities(users):
    assert users.staff1.can("whitelist.publish") and users.staff1.can("assessment.run")
    assert users.street.can("registry.view") and users.street.can("problems.raise")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/points/whitelist/versions", {"note": "街道发布"}),
        (
            "/api/v1/projects/rankings/publish",
            {"kind": "monthly", "period": "2025-01", "series": "department"},
        ),
        ("/api/v1/assessment/runs", {"year": 2025}),
    ],
)
def test_street_account_zone_wide_api_actions_are_403_and_audited(users, client_for, path, body):
    before = denied_rows("street")
    response = client_for("street").post(path, body, content_type="application/json")
    assert response.status_code == 403, response.content.decode()[:500]
    assert denied_rows("street") == before + 1


def test_street_account_whitelist_publish_page_is_403_and_audited(users, client_for):
    before = denied_rows("street")
    response = client_for("street").post("/points/whitelist/publish/", {"note": "街道发布"})
    assert response.status_code == 403
    assert denied_rows("street") == before + 1
    from gaoxin.points.models import WhitelistVersion

    assert not WhitelistVersion.objects.exists()
