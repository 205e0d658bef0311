"""API and page scopes of the ledger: an enterprise sees only its own problems; query budgets."""

import pytest

from gaoxin.core.context import Actor
from gaoxin.organization.models import User
from gaoxin.problems.actions import raise_problem


@pytest.fixture
def firm_users(org):
    from gaoxin.registry.models import Enterprise, EnterpriseAccount

    made = []
    for i, uscc in enumerate(["91420100MA4K000001", "91420100MA4K000002"]):
        firm = Enterprise.objects.create(uscc=uscc, name=f"测试企业{i}", unit=org.units["东湖街道"])
        user = User(username=f"firm{i}", role="enterprise", zone=org.zone, full_name=f"企业用户{i}")
        user.set_password("Gaoxin@2026")
        user.save()
        EnterpriseAccount.objects.create(user=user, enterprise=firm)
        made.append(user)
    return made


def test_enterprise_sees_only_its_own_problems(firm_users, org, client):
    a, b = firm_users
    raise_problem(
        {"description": "融资难", "category": "融资", "lead_department": org.units["财政金融局"]},
        Actor(user=a),
    )
    raise_problem(
        {"description": "招工难", "category": "用工", "lead_department": org.units["经济发展局"]},
        Actor(user=b),
    )
    client.force_login(a)
    items = client.get("/api/v1/problems/").json()["items"]
    assert [p["description"] for p in items] == ["融资难"] and items[0]["enterprise_id"] is not None
    other = client.get("/api/v1/problems/?q=招工").json()
    assert other["count"] == 0
    page = client.get("/problems/").content.decode()
    assert "融资难" in page and "招工难" not in page


def test_api_lifecycle_with_clear_errors(client_for, org, users):
    leader, staff, liaison = client_for("leader"), client_for("staff1"), client_for("liaison1")
    body = {
        "description": "道路未通",
        "category": "基础配套",
        "severity": "重大",
        "lead_department_id": org.units["规划建设局"].pk,
    }
    p = liaison.post("/api/v1/problems/", body, content_type="application/json").json()
    assert p["state"] == "pending" and p["deadline"]
    refused = liaison.post(
        f"/api/v1/problems/{p['id']}/resolve", {"text": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403  # the raiser is not the lead department
    bad = leader.post(f"/api/v1/problems/{p['id']}/confirm", {"rating": 5}, content_type="application/json")
    assert bad.status_code in (403, 422)
    wrong = leader.post(
        f"/api/v1/problems/{p['id']}/resolve", {"text": "已修通"}, content_type="application/json"
    )
    assert wrong.status_code == 422 and "不能办结" in wrong.json()["errors"][0]["message"]
    assert staff.get(f"/api/v1/problems/{p['id']}").status_code == 200
    detail = leader.get(f"/api/v1/problems/{p['id']}").json()
    assert detail["timeline"][0]["type"] == "problems.raised"


def test_counts_api(client_for, raise_as):
    raise_as()
    data = client_for("leader").get("/api/v1/problems/stats").json()
    assert data["totals"]["raised"] == 1 and data["departments"][0]["name"] == "经济发展局"


def test_list_api_query_budget(client_for, raise_as, django_assert_max_num_queries):
    for _ in range(15):
        raise_as()
    c = client_for("leader")
    with django_assert_max_num_queries(8):
        assert c.get("/api/v1/problems/?limit=50").json()["count"] == 15
