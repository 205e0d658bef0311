"""Pages and API: role scopes, query budgets, what-if saving nothing, the enterprise's own view."""

from __future__ import annotations

import pytest

from gaoxin.assessment.models import CriteriaChunk, EnterpriseInput, LadderMark, Verdict
from gaoxin.core.models import BusinessEvent, ObjectChange
from gaoxin.registry.models import EnterpriseYear

from .factories import model_enterprise

pytestmark = pytest.mark.django_db
LISTS = ["/assessment/", "/assessment/ladder/", "/assessment/ladder/list/?track=tech&stage=reserve",
         "/assessment/worklist/", "/assessment/expiring/"]  # fmt: skip


@pytest.fixture
def zone(org, users, enterprises, actor):
    from gaoxin.assessment.actions import run_assessment

    ent = model_enterprise(org, users.liaison1)
    run_assessment(2026, actor)
    return ent


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_within_query_budget(zone, client_for, django_assert_max_num_queries, url):
    client = client_for("leader")
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_list_apis_within_query_budget(zone, client_for, django_assert_max_num_queries):
    client = client_for("leader")
    for url in ["/api/v1/assessment/verdicts?rule=tsme", "/api/v1/assessment/ladder"]:
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def test_scopes(zone, client_for, enterprises, users):
    own = {e.pk for e in enterprises if e.liaison_id == users.liaison1.pk} | {zone.pk}
    items = client_for("liaison1").get("/api/v1/assessment/verdicts?limit=500").json()["items"]
    assert items and {i["enterprise"] for i in items} <= own
    other = next(e for e in enterprises if e.liaison_id == users.liaison2.pk)
    assert client_for("liaison1").get(f"/assessment/enterprise/{other.pk}/").status_code == 404
    assert client_for("liaison1").get(f"/api/v1/assessment/enterprises/{other.pk}").status_code == 404
    assert client_for("bank").get("/assessment/").status_code == 403
    assert client_for("bank").get("/api/v1/assessment/verdicts").status_code == 403
    assert client_for("liaison1").post("/assessment/run/", {"year": 2026}).status_code == 403


def test_ladder_list_refuses_an_unknown_track_or_stage(zone, client_for):
    client = client_for("leader")
    assert client.get("/assessment/ladder/list/?track=tech&stage=储备").status_code == 404
    assert client.get("/assessment/ladder/list/?track=nope&stage=reserve").status_code == 404


def test_street_staff_see_only_their_street(zone, client_for):
    items = client_for("street").get("/api/v1/assessment/verdicts?limit=500").json()["items"]
    units = {
        Verdict.objects.filter(enterprise_id=i["enterprise"]).first().enterprise.unit.path for i in items
    }
    street = zone.unit.path
    assert items and all(u.startswith(street) for u in units)


def _counts():
    return [
        m.objects.count()
        for m in (
            Verdict,
            CriteriaChunk,
            EnterpriseYear,
            EnterpriseInput,
            LadderMark,
            ObjectChange,
            BusinessEvent,
        )
    ]


def test_whatif_changes_the_verdict_and_saves_nothing(zone, client_for):
    client = client_for("liaison1")
    before = _counts()
    page = client.post(f"/assessment/enterprise/{zone.pk}/whatif/?year=2026",
                       {"field": "main_business_revenue", "offset": "-1", "change": "-2000"})  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 200 and 'data-rule="tsme"' in html
    tsme = html.split('data-rule="tsme"')[1].split("</tr>")[0]
    assert "whatif-changed" in html.split('data-rule="tsme"')[0].rsplit("<tr", 1)[1] and "符合" in tsme
    api = client.post(f"/api/v1/assessment/enterprises/{zone.pk}/whatif",
                      {"changes": {"main_business_revenue[y-1]": "-2000万元"}, "year": 2026}, content_type="application/json")  # fmt: skip
    rule = next(r for r in api.json()["rules"] if r["rule"] == "tsme")
    assert (rule["before"], rule["after"], rule["changed"]) == ("不符合", "符合", True)
    bad = client.post(
        f"/api/v1/assessment/enterprises/{zone.pk}/whatif",
        {"changes": {"nonsense": "+1"}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "changes"
    assert _counts() == before


def test_enterprise_page_explains(zone, client_for):
    html = client_for("leader").get(f"/assessment/enterprise/{zone.pk}/").content.decode()
    assert "E2_size" in html and "国科发政〔2017〕115号 第六条（二）" in html and "未经核实" in html
    assert "储备" in html
    points = client_for("leader").get(f"/assessment/enterprise/{zone.pk}/points/?year=2026").content.decode()
    assert "科技人员占职工总数比例" in points


def test_enterprise_user_sees_only_their_own(zone, ent_user, enterprises, client):
    client.force_login(ent_user)
    page = client.get("/assessment/mine/")
    assert page.status_code == 200 and enterprises[0].name in page.content.decode()
    assert client.get(f"/assessment/enterprise/{zone.pk}/").status_code == 404
    items = client.get("/api/v1/assessment/verdicts?limit=500").json()["items"]
    assert {i["enterprise"] for i in items} == {enterprises[0].pk}


def test_export_is_xlsx(zone, client_for):
    response = client_for("staff1").get("/assessment/export/?rule=tsme")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_stage_page_post(zone, client_for):
    client = client_for("liaison1")
    response = client.post(
        f"/assessment/enterprise/{zone.pk}/stage/",
        {"track": "tech", "stage": "cultivate", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and "evil" not in response["Location"]
    assert LadderMark.objects.get(enterprise=zone).stage == "cultivate"
    html = client.get("/assessment/ladder/list/?track=tech&stage=cultivate").content.decode()
    assert zone.name in html


def test_a_stage_change_on_the_page_needs_the_version_the_mark_was_read_at(zone, client_for):
    """Issue 14 item 8 on the ladder-stage form: a second POST changing a stored mark without (or with an
    old) version silently overwrote the first person's change."""
    first, second = client_for("liaison1"), client_for("staff1")
    first.post(f"/assessment/enterprise/{zone.pk}/stage/", {"track": "tech", "stage": "cultivate"})
    mark = LadderMark.objects.get(enterprise=zone, track="tech")
    page = second.get(f"/assessment/enterprise/{zone.pk}/").content.decode()
    assert f'name="version_tech" value="{mark.version}"' in page
    second.post(f"/assessment/enterprise/{zone.pk}/stage/", {"track": "tech", "stage": "apply"})
    mark.refresh_from_db()
    assert mark.stage == "cultivate"  # no version: refused
    first.post(
        f"/assessment/enterprise/{zone.pk}/stage/",
        {"track": "tech", "stage": "", "version_tech": mark.version},
    )
    second.post(  # opened before that change: stale
        f"/assessment/enterprise/{zone.pk}/stage/",
        {"track": "tech", "stage": "apply", "version_tech": mark.version},
    )
    mark.refresh_from_db()
    assert mark.stage == "" and mark.version > 1


def _visible(html: str) -> str:
    import re

    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_criterion_ids_are_not_shown_and_basis_notes_are_for_staff_only(zone, ent_user, client_for, client):
    """Issue 10 item 10: criterion ids (E1_resident, C5b_domestic_rd_share) were printed beside the names,
    and research notes (口径理解, 据第三方转载) were shown to the enterprise itself."""
    import re

    staff = _visible(client_for("leader").get(f"/assessment/enterprise/{zone.pk}/").content.decode())
    assert not re.search(r"\b[A-Z]\d+[a-z]?_[a-z_]+\b", staff)
    assert "依据说明" in staff and "未经核实" in staff and "按上一会计年度数据判断" in staff
    client.force_login(ent_user)
    own = _visible(client.get("/assessment/mine/").content.decode())
    assert "高新技术企业" in own and "济南高新区2016年口径" in own  # the verdicts are there …
    assert not re.search(r"\b[A-Z]\d+[a-z]?_[a-z_]+\b", own)
    assert "jinan_hitech_zone_2016" not in own and "jinan_hitech_zone_2016" not in staff  # the preset id
    assert (
        "依据说明" not in own and "未经核实" not in own and "按上一会计年度数据判断" not in own
    )  # … not the notes


def test_the_run_message_names_the_qualifications_in_chinese(zone, client_for):
    """Issue 10 item 10: the run's result listed rule ids ("tsme：符合 3、hte：…")."""
    html = _visible(client_for("leader").post("/assessment/run/", {"year": 2026}).content.decode())
    assert "科技型中小企业：" in html and "高新技术企业：" in html
    assert not any(f"{rule}：" in html for rule in ("tsme", "hte", "gazelle", "srdi_sme", "little_giant"))


def test_the_run_button_for_a_year_without_data_says_so(zone, client_for):
    """The page's run for a year without data answers the reason at once and queues no task (the
    task failed inside runner.prepare with a polars ColumnNotFoundError)."""
    from gaoxin.assessment.models import AssessmentRun
    from gaoxin.core.models import TaskRun

    client = client_for("leader")
    html = _visible(client.post("/assessment/run/", {"year": 1999}).content.decode())
    assert "该年度没有企业数据" in html
    assert "年度应为" in _visible(client.post("/assessment/run/", {"year": "abc"}).content.decode())
    assert not AssessmentRun.objects.filter(year=1999).exists() and not TaskRun.objects.exists()
