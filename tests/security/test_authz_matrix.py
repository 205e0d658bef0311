"""Issue 14 item 16: the authorization matrix generated from the URL conf and the API router — every route ×
every demo role against the table in authz_table.py; a route without a row fails."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .authz import ROLES, api_operations, page_routes
from .authz_table import MATRIX


def _routes() -> set[str]:
    return {f"page {name}" for name in page_routes()} | {f"api {key}" for key in api_operations()}


def test_every_route_has_a_row():
    routes = _routes()
    assert not sorted(routes - set(MATRIX)), "routes without a row in authz_table.MATRIX"
    assert not sorted(set(MATRIX) - routes), "rows for routes that no longer exist"


def test_every_role_gets_the_declared_answer(client_for, firms):
    clients = {role: client_for(role) for role in ROLES}
    for client in clients.values():
        client.raise_request_exception = False
    wrong = []
    for key, expected in MATRIX.items():
        if expected in ("object", "write"):
            continue
        face, target = key.split(" ", 1)
        url = reverse(target) if face == "page" else target.split(" ", 1)[1]
        for role, code in zip(ROLES, expected.split(), strict=True):
            got = clients[role].get(url).status_code
            if got != int(code):
                wrong.append(f"{key} as {role}: {got}, declared {code}")
    assert not wrong, wrong[:30]


@pytest.mark.parametrize("key", sorted(k for k, v in MATRIX.items() if v not in ("object", "write")))
def test_no_route_answers_5xx(key):
    assert all(int(code) < 500 for code in MATRIX[key].split())
