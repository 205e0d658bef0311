"""Issue 14 item 8: optimistic locking is not optional — an update without the version it was based on is
refused (API 422 naming ``version``; a page POST without the hidden version gets a Chinese message and
changes nothing), on every channel that edits a stored record."""

from __future__ import annotations

import json

import pytest


def _form_data(form) -> dict:
    """What the browser would post for an unbound form: every field's initial value."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def _refused_for_version(response) -> None:
    assert response.status_code == 422, response.content[:300]
    assert any(e["field"] == "version" for e in response.json()["errors"]), response.json()


@pytest.fixture
def project(client_for, users):
    body = {"code": "V1", "name": "版本校验项目", "type": "产业项目", "signed_on": "2026-03-01"}
    body["leader_id"] = users.leader.pk
    made = client_for("staff1").post("/api/v1/projects/", body, content_type="application/json")
    assert made.status_code == 200, made.content
    from gaoxin.projects.models import Project

    return Project.objects.get(pk=made.json()["id"])


def test_api_project_patch_without_version(client_for, project):
    response = client_for("staff1").patch(
        f"/api/v1/projects/{project.pk}", {"site": "覆盖"}, content_type="application/json"
    )
    _refused_for_version(response)


def test_api_node_adjust_without_version(client_for, project):
    node = project.nodes.order_by("order").first()
    response = client_for("staff1").post(
        f"/api/v1/projects/nodes/{node.pk}", {"planned_on": "2026-12-31"}, content_type="application/json"
    )
    _refused_for_version(response)
    node.refresh_from_db()
    assert str(node.planned_on) != "2026-12-31"
    with_version = client_for("staff1").post(
        f"/api/v1/projects/nodes/{node.pk}",
        {"planned_on": "2026-12-31", "version": node.version},
        content_type="application/json",
    )
    assert with_version.status_code == 200, with_version.content


def test_page_project_edit_without_version(client_for, project, users):
    from gaoxin.projects.forms import ProjectForm

    data = _form_data(ProjectForm(instance=project, zone=users.staff1.zone))
    data["site"] = "覆盖"
    client = client_for("staff1")
    response = client.post(f"/projects/{project.pk}/edit/", data, follow=True)
    project.refresh_from_db()
    assert project.site != "覆盖"
    assert "版本号" in response.content.decode()
    data["version"] = project.version  # the same form with its hidden version saves
    client.post(f"/projects/{project.pk}/edit/", data)
    project.refresh_from_db()
    assert project.site == "覆盖"


def test_api_year_put_takes_a_json_body_and_needs_the_version_to_change(client_for, firm):
    client = client_for("leader")
    url = f"/api/v1/registry/enterprises/{firm.pk}/years/2001"
    created = client.put(url, json.dumps({"employees": 12}), content_type="application/json")
    assert created.status_code == 200, created.content
    assert created.json()["employees"] == 12
    again = client.put(url, json.dumps({"employees": 99}), content_type="application/json")
    _refused_for_version(again)
    unknown = client.put(url, json.dumps({"nonsense": 1, "version": 1}), content_type="application/json")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "nonsense"
    version = created.json()["version"]
    changed = client.put(
        url, json.dumps({"employees": 99, "version": version}), content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["employees"] == 99


def test_page_year_edit_without_version(client_for, firm, actor):
    from gaoxin.registry import actions

    row = actions.save_year(firm, 2001, {"employees": 12}, actor)
    response = client_for("leader").post(f"/enterprises/{firm.pk}/years/2001/", {"employees": "99"})
    row.refresh_from_db()
    assert row.employees == 12
    assert "版本号" in response.content.decode()
