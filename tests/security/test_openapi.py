"""Issue 14 item 17: the OpenAPI document tells the truth — every operation declares a JSON 200 and the
error responses with the error schema; list filters are query parameters; an invalid filter value is a
422 naming the filter, not the unfiltered list; PUT …/years/{year} takes a JSON body."""

from __future__ import annotations

import pytest

ERROR_CODES = ("401", "403", "404", "409", "422")
LISTS_WITH_FILTERS = {
    ("/api/v1/registry/enterprises", "unit"),
    ("/api/v1/registry/years", "year"),
    ("/api/v1/assessment/verdicts", "year"),
    ("/api/v1/projects/", "status"),
    ("/api/v1/problems/", "state"),
    ("/api/v1/points/scores", "year"),
}


@pytest.fixture(scope="module")
def document():
    from gaoxin.api import api

    return api.get_openapi_schema()


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_every_operation_declares_its_responses(document):
    missing = []
    for path, method, operation in _operations(document):
        responses = operation.get("responses", {})
        ok = responses.get("200", {}).get("content", {}).get("application/json", {}).get("schema")
        if not ok:
            missing.append(f"{method.upper()} {path}: 200 schema")
        for code in ERROR_CODES:
            schema = responses.get(code, {}).get("content", {}).get("application/json", {}).get("schema")
            if schema != {"$ref": "#/components/schemas/Error"}:
                missing.append(f"{method.upper()} {path}: {code}")
    assert not missing, missing
    assert "detail" in document["components"]["schemas"]["Error"]["properties"]


@pytest.mark.parametrize(("path", "name"), sorted(LISTS_WITH_FILTERS))
def test_list_filters_are_query_parameters(document, path, name):
    parameters = {p["name"] for p in document["paths"][path]["get"]["parameters"] if p["in"] == "query"}
    assert name in parameters, parameters


def test_year_put_declares_a_json_body(document):
    operation = document["paths"]["/api/v1/registry/enterprises/{pk}/years/{year}"]["put"]
    assert "body" not in {p["name"] for p in operation.get("parameters", [])}
    assert operation["requestBody"]["content"]["application/json"]["schema"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/registry/enterprises?unit=99999", "unit"),
        ("/api/v1/assessment/verdicts?year=abc", "year"),
        ("/api/v1/registry/years?year=abc", "year"),
        ("/api/v1/problems/?state=bogus", "state"),
    ],
)
def test_invalid_filter_is_a_422(client_for, firms, url, field):
    response = client_for("leader").get(url)
    assert response.status_code == 422, response.content[:200]
    assert any(e["field"] == field for e in response.json()["errors"]), response.json()
