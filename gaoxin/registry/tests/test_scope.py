"""Row scope on pages, API and exports: leader all, street staff their street, liaison their own,
enterprise user their enterprise; phone masked for staff."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gaoxin.core.masking import mask_phone
from gaoxin.registry.models import Enterprise
from gaoxin.registry.scopes import enterprises_for

pytestmark = pytest.mark.django_db


def expected(users, enterprises, who: str) -> set[int]:
    everyone = {e.pk for e in enterprises}
    if who == "leader":
        return everyone
    if who == "street":
        path = users.street.unit.path
        return {e.pk for e in enterprises if e.unit.path.startswith(path)}
    if who == "liaison1":
        return {e.pk for e in enterprises if e.liaison_id == users.liaison1.pk}
    return set()


@pytest.mark.parametrize("who", ["leader", "street", "liaison1", "bank"])
def test_api_list_follows_scope(client_for, users, enterprises, who):
    response = client_for(who).get("/api/v1/registry/enterprises?limit=500")
    if who == "bank":
        assert response.status_code == 403
        return
    ids = {item["id"] for item in response.json()["items"]}
    assert ids == expected(users, enterprises, who)
    assert len(ids) > 0 or who == "liaison1"


def test_street_staff_sees_only_their_street_on_the_page(client_for, users, enterprises):
    page = client_for("street").get("/enterprises/?per_page=200").content.decode()
    for e in enterprises:
        assert (e.name in page) == (e.pk in expected(users, enterprises, "street")), e.unit.name


def test_enterprise_user_sees_only_own(client, ent_user, enterprises):
    client.force_login(ent_user)
    items = client.get("/api/v1/registry/enterprises").json()["items"]
    assert [i["id"] for i in items] == [enterprises[0].pk]
    assert client.get(f"/enterprises/{enterprises[1].pk}/").status_code == 404
    assert client.get(f"/api/v1/registry/enterprises/{enterprises[1].pk}").status_code == 404
    assert client.get(f"/enterprises/{enterprises[0].pk}/").status_code == 200
    years = client.get("/api/v1/registry/years?limit=500").json()["items"]
    assert {y["enterprise"] for y in years} == {enterprises[0].pk}


def test_other_street_enterprise_is_not_found_for_street_staff(client_for, users, enterprises):
    outside = next(e for e in enterprises if e.pk not in expected(users, enterprises, "street"))
    assert client_for("street").get(f"/enterprises/{outside.pk}/").status_code == 404
    response = client_for("street").patch(
        f"/api/v1/registry/enterprises/{outside.pk}", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_phone_masked_for_staff_not_for_leader(client_for, enterprises):
    e = Enterprise.objects.get(pk=enterprises[0].pk)
    staff = client_for("staff1").get(f"/api/v1/registry/enterprises/{e.pk}").json()
    leader = client_for("leader").get(f"/api/v1/registry/enterprises/{e.pk}").json()
    assert staff["contact_phone"] == mask_phone(e.contact_phone) != e.contact_phone
    assert leader["contact_phone"] == e.contact_phone
    page = client_for("staff1").get(f"/enterprises/?q={e.uscc}").content.decode()
    assert mask_phone(e.contact_phone) in page and e.contact_phone not in page


def test_export_is_scoped_and_masked(client_for, users, enterprises):
    response = client_for("street").get("/enterprises/export/")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码" and rows[0][10] == "联系电话"
    codes = {r[0] for r in rows[1:]}
    assert codes == {e.uscc for e in enterprises_for(users.street)}
    assert all("*" in (r[10] or "*") for r in rows[1:])


def test_export_uses_list_filters(client_for, enterprises):
    target = enterprises[3]
    response = client_for("leader").get(f"/enterprises/export/?q={target.uscc}")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [target.uscc]


def test_list_page_query_count(client_for, enterprises, django_assert_max_num_queries):
    client = client_for("street")
    client.get("/enterprises/")  # warm caches (content types, session)
    # session read + user + its save (UPDATE inside a SAVEPOINT/RELEASE pair, counted on PostgreSQL only),
    # the user's unit, the scope's units, count, page, the header's unread-message count, 2 filter drop-downs
    with django_assert_max_num_queries(12):
        assert client.get("/enterprises/?sort=-revenue").status_code == 200


def test_list_api_query_count(client_for, enterprises, django_assert_max_num_queries):
    client = client_for("leader")
    client.get("/api/v1/registry/enterprises")
    with django_assert_max_num_queries(8):  # session (4 incl. its save) + count + page
        response = client.get("/api/v1/registry/enterprises?limit=100&qualification=hte")
    assert response.status_code == 200


def test_search_by_name_part_code_prefix_and_latin_case(client_for, enterprises, actor):
    from gaoxin.registry import actions
    from gaoxin.registry.filtersets import EnterpriseFilterSet
    from gaoxin.registry.models import Enterprise

    target = enterprises[5]
    actions.update_enterprise(target, {"name": "江城ABC智能装备有限公司"}, actor)
    qs = Enterprise.objects.all()

    def found(q):
        return set(EnterpriseFilterSet({"q": q}, queryset=qs).qs.values_list("pk", flat=True))

    assert target.pk in found("智能装备") and target.pk in found("abc智能") and target.pk in found("ABC")
    assert found(target.uscc[:8].lower()) == set(
        qs.filter(uscc__startswith=target.uscc[:8]).values_list("pk", flat=True)
    )
    assert found("不存在的企业名") == set()
