"""Projects API: scopes (a liaison reports only for his projects), errors, query budgets."""

import datetime as dt

import pytest


@pytest.fixture
def two(make_project, users):
    return make_project("A1", liaison=users.liaison1), make_project("B1", liaison=users.liaison2)


def test_liaison_reports_only_for_his_projects(client_for, two):
    mine, other = two
    c = client_for("liaison1")
    body = {
        "progress": "桩基施工",
        "period_investment": "200000",
        "problems": [{"description": "缺少塔吊司机", "category": "用工"}],
    }
    ok = c.post(f"/api/v1/projects/{mine.pk}/reports", body, content_type="application/json")
    assert ok.status_code == 200 and len(ok.json()["problems"]) == 1
    assert (
        c.post(f"/api/v1/projects/{other.pk}/reports", body, content_type="application/json").status_code
        == 404
    )
    assert [p["code"] for p in c.get("/api/v1/projects/").json()["items"]] == ["A1"]
    again = c.post(f"/api/v1/projects/{mine.pk}/reports", body, content_type="application/json")
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "period_day"


def test_photo_upload_checks_type(client_for, two):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for("liaison1")
    r = c.post(
        f"/api/v1/projects/{two[0].pk}/reports", {"progress": "x"}, content_type="application/json"
    ).json()
    bad = c.post(
        f"/api/v1/projects/reports/{r['id']}/photos", {"files": SimpleUploadedFile("a.png", b"not an image")}
    )
    assert bad.status_code == 422 and "不是 JPG 或 PNG" in bad.json()["errors"][0]["message"]
    png = SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    good = c.post(f"/api/v1/projects/reports/{r['id']}/photos", {"files": png})
    assert good.status_code == 200 and len(good.json()["photos"]) == 1


def test_create_patch_and_stale_version(client_for, org, users):
    c = client_for("staff1")
    body = {
        "code": "N1",
        "name": "新能源电池项目",
        "type": "产业项目",
        "signed_on": "2026-03-01",
        "leader_id": users.leader.pk,
    }
    p = c.post("/api/v1/projects/", body, content_type="application/json").json()
    assert p["leader"] == users.leader.display_name and p["stage"] == "签约"
    nodes = c.get(f"/api/v1/projects/{p['id']}").json()["nodes"]
    assert nodes[0]["name"] == "立项"
    first = c.patch(
        f"/api/v1/projects/{p['id']}",
        {"version": p["version"], "site": "光谷三路"},
        content_type="application/json",
    )
    assert first.status_code == 200
    stale = c.patch(
        f"/api/v1/projects/{p['id']}",
        {"version": p["version"], "site": "别处"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    bad = c.post(
        f"/api/v1/projects/{p['id']}/milestones",
        {"stage": "投产", "day": "2026-05-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "尚未开工" in bad.json()["errors"][0]["message"]
    liaison = client_for("liaison1")
    assert (
        liaison.post("/api/v1/projects/", body | {"code": "N2"}, content_type="application/json").status_code
        == 403
    )


def test_stats_board_rankings_endpoints(client_for, two):
    c = client_for("leader")
    year = dt.date.today().year
    assert c.get("/api/v1/projects/stats?year=2026&by=department").json()["signed"] == 2
    assert len(c.get("/api/v1/projects/board").json()["items"]) == 2
    assert c.get("/api/v1/projects/dashboard").status_code == 200
    assert c.get("/api/v1/projects/reports/missing").status_code == 200
    r = c.get(f"/api/v1/projects/rankings?period={year - 1}&kind=yearly").json()
    assert r["published"] is False
    assert client_for("bank").get("/api/v1/projects/").status_code == 403


def test_list_api_query_budget(client_for, make_project, django_assert_max_num_queries):
    for i in range(30):
        make_project(f"L{i:02d}")
    c = client_for("leader")
    with django_assert_max_num_queries(10):  # constant: not one per project
        assert c.get("/api/v1/projects/?limit=50").json()["count"] == 30
