"""Issue 14 item 11: inputs the fuzzer turned into 500s answer a 4xx JSON error naming the field, and every
/api/ error (unknown path, wrong method) is JSON."""

from __future__ import annotations

import json

import pytest

API = "/api/v1"


@pytest.fixture
def leader(client_for, firms):
    client = client_for("leader")
    client.raise_request_exception = False  # a 500 is an answer to assert on, not an exception
    return client


@pytest.fixture
def scored(firms, users):
    """One computed points year, so the whitelist draft has a frame to filter."""
    from gaoxin.points.models import PointsRun, Score

    run = PointsRun.objects.create(year=2025, user_name="测试")
    for rank, firm in enumerate(firms, start=1):
        Score.objects.create(
            run=run,
            enterprise=firm,
            year=2025,
            points=90 - rank,
            percentile=100 - rank,
            rank=rank,
            complete=True,
            dishonest_listed=False,
            major_incident=False,
        )
    return run


def _field_named(body: dict, field: str) -> bool:
    return any(field in (e.get("field") or "") for e in body.get("errors", [])) or field in body.get(
        "detail", ""
    )


def _assert_json_4xx(response, field: str | None = None):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body.get("detail"), body
    if field:
        assert _field_named(body, field), body


def test_whitelist_draft_answers(leader, scored):
    response = leader.get(f"{API}/points/whitelist/draft")
    assert response.status_code == 200, response.content[:300]
    assert len(response.json()["entries"]) >= 1, response.json()


GETS = [
    ("/projects/rankings?period=", "period"),
    ("/projects/rankings?period=abc", "period"),
    ("/projects/stats?year=0", "year"),
    ("/problems/?offset=-1", "offset"),
    ("/registry/enterprises?offset=1e28", "offset"),
    ("/registry/enterprises?offset=10000000000000000000000000000", "offset"),
    ("/registry/enterprises?limit=10000000000000000000000000000", "limit"),
    ("/projects/?offset=10000000000000000000000000000", "offset"),
    ("/registry/enterprises?q=a%00b", "q"),
    ("/problems/?q=a%00b", "q"),
]


@pytest.mark.parametrize(("path", "field"), GETS)
def test_bad_query_is_a_4xx_naming_the_field(leader, path, field):
    _assert_json_4xx(leader.get(API + path), field)


POSTS = [
    ("/assessment/runs", {"year": 0}, "year"),
    ("/assessment/runs", {"year": 1990}, "year"),  # a year without data: 422, was a 500 in runner.prepare
    ("/assessment/runs", {"year": 2025, "rules": []}, "rules"),
    ("/points/runs", {"year": 0}, "year"),
    ("/points/runs", {"year": 1e26}, "year"),
    ("/registry/enterprises", {"uscc": "91420100MA4K000001", "name": "甲\u0000乙"}, "name"),
    ("/registry/enterprises", {"uscc": "91420100MA4K000002", "name": "甲\ud800乙"}, "name"),
    (
        "/registry/enterprises",
        {"uscc": "91420100MA4K000003", "name": "甲乙公司", "liaison": 999999},
        "liaison",
    ),
    ("/problems/", {"description": "路灯\u0000损坏"}, "description"),
    ("/problems/", {"description": "路灯\ud800损坏"}, "description"),
]


@pytest.mark.parametrize(("path", "body", "field"), POSTS)
def test_bad_body_is_a_4xx_naming_the_field(leader, path, body, field):
    raw = json.dumps(body)  # ensure_ascii: NUL and the lone surrogate travel as \u escapes
    _assert_json_4xx(leader.post(API + path, raw, content_type="application/json"), field)


def test_a_year_without_data_is_refused_in_chinese_and_runs_nothing(leader):
    from gaoxin.assessment.models import AssessmentRun

    response = leader.post(
        f"{API}/assessment/runs", json.dumps({"year": 1990}), content_type="application/json"
    )
    assert response.status_code == 422, response.content[:300]
    assert "该年度没有企业数据" in response.json()["errors"][0]["message"]
    assert not AssessmentRun.objects.filter(year=1990).exists()


def test_patch_with_unknown_liaison(leader, firm):
    body = json.dumps({"liaison": 999999, "version": firm.version})
    response = leader.patch(f"{API}/registry/enterprises/{firm.pk}", body, content_type="application/json")
    _assert_json_4xx(response, "liaison")


def test_patch_with_nul_byte(leader, firm):
    body = json.dumps({"address": "武汉\u0000", "version": firm.version})
    response = leader.patch(f"{API}/registry/enterprises/{firm.pk}", body, content_type="application/json")
    _assert_json_4xx(response, "address")


@pytest.mark.parametrize("query", ["user=abc&role=leader", "user=1&role=bogus"])
def test_security_page_bad_input_is_not_500(client_for, users, query):
    client = client_for("secadmin")
    client.raise_request_exception = False
    response = client.post(f"/org/security/?{query}", dict(x.split("=") for x in query.split("&")))
    assert response.status_code < 500


def test_unknown_api_path_is_json_404(leader):
    response = leader.get(f"{API}/no/such/thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_wrong_method_is_json_405(leader):
    response = leader.delete(f"{API}/registry/enterprises")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/projects/", "/api/v1/registry/years", "/api/v1/assessment/verdicts", "/api/v1/points/scores"],
)
@pytest.mark.parametrize("year", ["-1.2957607452933891e-303", "2026.5", "99999"])
def test_a_year_filter_that_is_no_year_is_a_422(leader, path, year):
    """schemathesis on PostgreSQL: GET /api/v1/projects/?year=-1.29e-303 answered 500 (the NumberFilter
    passed the decimal to the ``__year`` lookup)."""
    response = leader.get(path, {"year": year})
    assert response.status_code == 422, (path, year, response.status_code)
    assert "year" in response.content.decode()
