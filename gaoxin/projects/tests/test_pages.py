"""Pages: each renders for the roles that may see it, scoped, within a query budget."""

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.core.context import Actor
from gaoxin.projects.actions.reporting import submit_report

PAGES = [
    "/projects/",
    "/projects/board/",
    "/projects/map/",
    "/projects/gantt/",
    "/projects/dashboard/",
    "/projects/reports/",
    "/projects/rankings/",
    "/problems/",
    "/problems/stats/",
    "/",
]


@pytest.fixture
def some_projects(make_project, users, org):
    projects = [
        make_project(
            f"P{i:03d}",
            with_plan=True,
            liaison=users.liaison1 if i % 2 else users.liaison2,
            longitude=Decimal("114.3") + i * Decimal("0.01"),
            latitude=Decimal("30.5"),
            signed_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
        )
        for i in range(12)
    ]
    projects.append(make_project("S001", department=org.units["东湖街道"], liaison=users.liaison2))
    submit_report(
        projects[1],
        {"progress": "基础施工", "period_investment": 1000},
        Actor(user=users.liaison1),
        problems=[{"description": "施工用水未接通", "severity": "重大"}],
    )
    return projects


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_for_the_leader(client_for, some_projects, url):
    response = client_for("leader").get(url)
    assert response.status_code == 200, url


def test_project_detail_and_forms(client_for, some_projects):
    c = client_for("leader")
    pk = some_projects[0].pk
    for url in (
        f"/projects/{pk}/",
        f"/projects/{pk}/edit/",
        f"/projects/{pk}/report/",
        "/projects/new/",
        f"/projects/gantt/?project={pk}",
        "/problems/new/",
    ):
        assert c.get(url).status_code == 200, url


def test_liaison_sees_only_his_projects(client_for, some_projects):
    c = client_for("liaison1")
    body = c.get("/projects/?per_page=200").content.decode()
    assert "P001" in body and "P002" not in body
    assert c.get(f"/projects/{some_projects[2].pk}/").status_code == 404
    assert c.get(f"/projects/{some_projects[2].pk}/report/").status_code == 404


def test_street_staff_sees_only_the_streets_projects(client_for, some_projects):
    body = client_for("street").get("/projects/?per_page=200").content.decode()
    assert "S001" in body and "P001" not in body


def test_bank_and_admins_are_refused(client_for, some_projects):
    for name in ("bank", "auditor"):
        assert client_for(name).get("/projects/").status_code == 403
        assert client_for(name).get("/problems/").status_code == 403


def test_export_uses_the_template_headers(client_for, some_projects):
    import io

    from openpyxl import load_workbook

    response = client_for("liaison1").get("/projects/export/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(1, 1).value == "项目编号"
    assert sheet.max_row == 1 + 6  # liaison1's six projects


@pytest.mark.parametrize(
    "url", ["/projects/", "/projects/board/", "/projects/reports/", "/problems/", "/projects/dashboard/"]
)
def test_list_pages_query_budget(client_for, some_projects, make_project, django_assert_max_num_queries, url):
    c = client_for("leader")
    c.get(url)
    for i in range(20):
        make_project(f"Q{i:03d}", with_plan=True)
    with django_assert_max_num_queries(30):
        assert c.get(url).status_code == 200


def _form_data(project) -> dict:
    from gaoxin.projects.forms import ProjectForm

    form = ProjectForm(instance=project, zone=project.zone)
    data = {name: form[name].value() for name in form.fields if not name.endswith("_file")}
    return {k: ("" if v is None else v) for k, v in data.items()} | {"version": project.version}


@pytest.fixture
def owner(org, users):
    import random

    from gaoxin.registry.demo import populate

    units = [u for u in org.units.values() if u.level == 2]
    return populate(random.Random(3), 1, units, [users.liaison1], org.today)[0]


def test_project_owner_is_set_by_credit_code(client_for, some_projects, owner):
    c = client_for("leader")
    project = some_projects[0]
    response = c.post(
        f"/projects/{project.pk}/edit/", _form_data(project) | {"owner_uscc": owner.uscc.lower()}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project.refresh_from_db()
    assert project.owner_id == owner.pk
    assert owner.name in c.get(f"/projects/{project.pk}/").content.decode()
    assert c.get(f"/projects/{project.pk}/edit/").content.decode().count(owner.uscc) >= 1  # shown for editing


def test_unknown_owner_credit_code_is_refused_in_chinese(client_for, some_projects):
    c = client_for("leader")
    project = some_projects[0]
    body = c.post(
        f"/projects/{project.pk}/edit/", _form_data(project) | {"owner_uscc": "91420100MA4K0000XX"}
    ).content.decode()
    assert "企业库中没有统一社会信用代码为“91420100MA4K0000XX”的企业" in body
    project.refresh_from_db()
    assert project.owner_id is None
