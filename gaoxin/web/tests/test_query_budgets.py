"""Query budgets of every list page and list API (NetBox's per-view counts): the exact number of queries
each one makes against a demo zone whose lists are longer than any budget, so one query per row (an N+1)
cannot hide. The counts live in ``query_counts.json``; after a deliberate change regenerate it with

    GAOXIN_UPDATE_QUERY_COUNTS=1 pytest gaoxin/web/tests/test_query_budgets.py

and review the diff. A count that goes up is a regression unless the change says why.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

COUNTS_FILE = Path(__file__).with_name("query_counts.json")
ENTERPRISES = 80
ROWS = 25  # rows of the small lists (tokens, custom fields): above their budgets too

#: (name, url, user). Pages first, then the list APIs.
LISTS = [
    ("registry:enterprise_list", "/enterprises/", "leader"),
    ("registry:year_list", "/enterprises/years/", "leader"),
    ("registry:qualification_list", "/enterprises/qualifications/", "leader"),
    ("registry:expiring", "/enterprises/qualifications/expiring/", "leader"),
    ("registry:trash", "/enterprises/trash/", "sysadmin"),
    ("submissions:list", "/submissions/", "staff1"),
    ("assessment:verdicts", "/assessment/", "leader"),
    ("assessment:ladder_list", "/assessment/ladder/list/", "leader"),
    ("assessment:worklist", "/assessment/worklist/", "liaison1"),
    ("assessment:expiring", "/assessment/expiring/", "leader"),
    ("points:scores", "/points/", "leader"),
    ("points:whitelist", "/points/whitelist/", "leader"),
    ("projects:list", "/projects/", "leader"),
    ("projects:node_templates", "/projects/templates/", "leader"),
    ("projects:reports", "/projects/reports/", "leader"),
    ("projects:rankings", "/projects/rankings/", "leader"),
    ("problems:list", "/problems/", "leader"),
    ("policies:library", "/policies/", "leader"),
    ("policies:matches", "/policies/matches/", "leader"),
    ("policies:claims", "/policies/claims/", "leader"),
    ("policies:ledger", "/policies/ledger/", "leader"),
    ("policies:funds", "/policies/funds/", "leader"),
    ("indicators:list", "/indicators/catalogue/", "leader"),
    ("notifications:inbox", "/messages/", "leader"),
    ("organization:user_list", "/org/users/", "sysadmin"),
    ("organization:unit_list", "/org/units/", "sysadmin"),
    ("organization:role_requests", "/org/role-requests/", "secadmin"),
    ("organization:custom_fields", "/org/custom-fields/", "sysadmin"),
    ("organization:security", "/org/security/", "secadmin"),
    ("organization:audit", "/org/audit/", "auditor"),
    ("organization:audit_security", "/org/audit/?tab=security", "auditor"),
    ("organization:tokens", "/org/tokens/", "leader"),
    ("transfer:import", "/transfer/import/", "staff1"),
    ("reports:monthly", "/reports/monthly/", "leader"),
    ("api:registry_enterprises", "/api/v1/registry/enterprises", "leader"),
    ("api:registry_years", "/api/v1/registry/years", "leader"),
    ("api:registry_qualifications", "/api/v1/registry/qualifications", "leader"),
    ("api:assessment_verdicts", "/api/v1/assessment/verdicts", "leader"),
    ("api:assessment_ladder", "/api/v1/assessment/ladder", "leader"),
    ("api:points_scores", "/api/v1/points/scores", "leader"),
    ("api:points_whitelist_versions", "/api/v1/points/whitelist/versions", "leader"),
    ("api:projects", "/api/v1/projects/", "leader"),
    ("api:projects_missing_reports", "/api/v1/projects/reports/missing", "leader"),
    ("api:problems", "/api/v1/problems/", "leader"),
    ("api:policies", "/api/v1/policies/policies", "leader"),
    ("api:policies_matches", "/api/v1/policies/matches", "leader"),
    ("api:policies_claims", "/api/v1/policies/claims", "leader"),
    ("api:policies_funds", "/api/v1/policies/funds", "leader"),
    ("api:indicators", "/api/v1/indicators/", "leader"),
]


@pytest.fixture
def demo_zone(db):
    """The demo zone at a size where every list has more rows than any budget, and a security log."""
    from django.contrib.contenttypes.models import ContentType

    from gaoxin.core.actions import record_security_event
    from gaoxin.core.models import ApiToken, CustomField
    from gaoxin.core.models.changelog import SecurityEventKind
    from gaoxin.demo.builders import STEPS, DemoContext
    from gaoxin.organization.models import User

    ctx = DemoContext(
        seed=1,
        enterprises=ENTERPRISES,
        rng=random.Random(1),
        today=timezone.localdate(),
        progress=lambda m: None,
    )
    for _, _, build in STEPS:
        build(ctx)
    for user in User.objects.all():
        record_security_event(SecurityEventKind.LOGIN, user, ip="10.0.0.1")
    leader = User.objects.get(username="leader")
    for i in range(ROWS):
        ApiToken.issue(leader, f"令牌 {i}")
        CustomField.objects.create(
            content_type=ContentType.objects.get(app_label="registry", model="enterprise"),
            name=f"field_{i}", label=f"字段 {i}", type="text",
        )  # fmt: skip
    return ctx


def _count(client, url: str) -> tuple[int, int]:
    client.get(url)  # warm the per-process caches (content types, settings) as a running server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries.captured_queries)


@pytest.mark.django_db
def test_every_list_keeps_its_query_count(demo_zone):
    from django.test import Client

    from gaoxin.organization.models import User
    from gaoxin.organization.tests.factors import verified_login

    counts, failures = {}, []
    for name, url, username in LISTS:
        client = Client()

        verified_login(client, User.objects.get(username=username))  # admins: a 2FA-verified session
        status, count = _count(client, url)
        if status != 200:
            failures.append(f"{name} {url}: HTTP {status}")
        counts[name] = count
    assert not failures, failures
    if os.environ.get("GAOXIN_UPDATE_QUERY_COUNTS"):
        COUNTS_FILE.write_text(json.dumps(counts, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(COUNTS_FILE.read_text(encoding="utf-8"))
    changed = {
        name: (expected.get(name), count) for name, count in counts.items() if expected.get(name) != count
    }
    assert not changed, f"query counts changed (expected, now): {changed}"
    assert set(expected) == set(counts), "query_counts.json lists pages this test no longer visits"
    assert max(counts.values()) < ENTERPRISES  # the fixture is larger than every budget
