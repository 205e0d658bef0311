"""Issue 14 item 16: a bounded schemathesis run over the OpenAPI document (as ``leader`` with a token,
against the live server) — any 5xx fails. ``GAOXIN_FUZZ_EXAMPLES`` sets the examples per operation."""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")

# Known 5xx not yet fixed (tests/security/test_api_errors.py marks them xfail): listed, not hidden.
KNOWN: set[str] = set()
EXAMPLES = int(os.environ.get("GAOXIN_FUZZ_EXAMPLES", "8"))


@pytest.mark.django_db(transaction=True)
def test_no_operation_answers_5xx(live_server, firms, users):
    from gaoxin.api import api
    from gaoxin.core.models import ApiToken

    _, key = ApiToken.issue(users.leader, "fuzz")
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    failures = []
    for result in schema.get_all_operations():
        _fuzz(result.ok(), live_server.url, headers, failures)
    unexpected = [f for f in failures if " ".join(f.split()[:2]) not in KNOWN]
    assert not unexpected, unexpected[:20]


def _fuzz(operation, base_url, headers, failures):
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(base_url=base_url, headers=headers, timeout=60)
        if response.status_code >= 500:
            failures.append(
                f"{operation.method.upper()} {case.formatted_path} {case.query} → {response.status_code}"
            )

    run()
