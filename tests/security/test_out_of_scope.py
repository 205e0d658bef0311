"""Issue 14 item 16, out-of-scope objects: the routes that open one object, asked for an object that lies
outside a scoped role's reach — an enterprise of another street, liaised by liaison2 (not liaison1), not on
the bank's whitelist, with its project and problem. Expected answers are declared in
authz_table.OUT_OF_SCOPE; every GET API route with an object in its path needs a row there (or a reason in
authz_table.NOT_ROW_SCOPED), so a new detail route cannot skip the check."""

from __future__ import annotations

import random

import pytest

from .authz import ROLES, api_operations
from .authz_table import NOT_ROW_SCOPED, OUT_OF_SCOPE


@pytest.fixture
def outsider(org, users, make_project, raise_as):
    """An enterprise in a street other than the street user's, liaised by liaison2, with a project
    (liaison2, of that enterprise) and a problem raised for it by liaison2."""
    from gaoxin.registry.demo import populate
    from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS

    street_unit = users.street.unit
    others = [
        u
        for u in org.units.values()
        if u.kind in ENTERPRISE_UNIT_KINDS and u.level == 2 and u.pk != street_unit.pk
    ]
    from gaoxin.registry.models import Enterprise

    enterprise = populate(random.Random(11), 1, others[:1], [users.liaison2], org.today)[0]
    Enterprise.objects.filter(pk=enterprise.pk).update(liaison=users.liaison2)  # the draw may leave it none
    project = make_project("OUT1", liaison=users.liaison2, owner=enterprise)
    problem = raise_as("liaison2", enterprise=enterprise)
    return {"enterprise": enterprise.pk, "project": project.pk, "problem": problem.pk}


def test_every_object_route_that_reads_has_an_out_of_scope_row():
    reads = {
        f"api {key}" for key, has_params in api_operations().items() if has_params and key.startswith("GET")
    }
    assert not sorted(reads - set(OUT_OF_SCOPE) - set(NOT_ROW_SCOPED)), (
        "add a row to authz_table.OUT_OF_SCOPE"
    )


def test_scoped_roles_cannot_open_an_object_outside_their_scope(outsider, client_for):
    clients = {role: client_for(role) for role in ROLES}
    for client in clients.values():
        client.raise_request_exception = False
    wrong = []
    for key, (kind, expected) in OUT_OF_SCOPE.items():
        face, target = key.split(" ", 1)
        url = target.split(" ", 1)[1] if face == "api" else target
        url = url.replace("{pk}", str(outsider[kind]))
        for role, code in zip(ROLES, expected.split(), strict=True):
            got = clients[role].get(url).status_code
            if got != int(code):
                wrong.append(f"{key} as {role}: {got}, declared {code}")
    assert not wrong, "\n".join(wrong)
