"""Issue 11 item 12: 所属单位 is optional — an enterprise without one is 未分配, listed for zone staff."""

from __future__ import annotations

import pytest

from gaoxin.registry import uscc
from gaoxin.registry.models import Enterprise
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db
CODE = uscc.make("420106", "MA4K00041")


def test_an_enterprise_without_a_unit_is_imported_as_unassigned_and_listed(actor, client_for):
    data = csv_bytes(
        "统一社会信用代码,企业名称,成立日期,所属单位", f"{CODE},江城无单位科技有限公司,2020-01-01,"
    )
    report = run_import(get_kind("enterprises"), data, "e.csv", actor)
    assert report.ok, report.as_json()
    enterprise = Enterprise.objects.get(uscc=CODE)
    assert enterprise.unit_id is None
    leader = client_for("leader")
    listed = leader.get("/api/v1/registry/enterprises", {"unassigned": "true"}).json()
    assert [(e["uscc"], e["unit"]["name"]) for e in listed["items"]] == [(CODE, "未分配")]
    assert "未分配" in leader.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert CODE in leader.get("/enterprises/", {"unassigned": "true"}).content.decode()
    assert (
        client_for("street").get("/api/v1/registry/enterprises", {"unassigned": "true"}).json()["count"] == 0
    )
    exported = leader.get("/api/v1/registry/enterprises").status_code
    assert exported == 200
