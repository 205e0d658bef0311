import datetime as dt

from gaoxin.projects.models import NodeTemplate


def _post(rows):
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"form-{i}-{k}": v for k, v in row.items()})
    return data


def test_leader_edits_the_template_and_new_plans_follow_it(client_for, org, actor):
    from gaoxin.projects import actions
    from gaoxin.projects.models import Project

    unit = org.units["规划建设局"]
    rows = [
        {"name": "立项", "days": "10", "unit": "", "milestone": ""},
        {"name": "开工", "days": "20", "unit": str(unit.pk), "milestone": "开工"},
        {"name": "废弃节点", "days": "5", "unit": "", "milestone": "", "DELETE": "on"},
    ]
    response = client_for("leader").post("/projects/templates/?type=产业项目", _post(rows))
    assert response.status_code == 302
    saved = list(NodeTemplate.objects.filter(project_type="产业项目").values_list("name", "days", "unit_id"))
    assert saved == [("立项", 10, None), ("开工", 20, unit.pk)]
    project = Project.objects.create(
        zone=org.zone, code="XM-T1", name="模板测试项目", type="产业项目", signed_on=dt.date(2026, 1, 1)
    )
    nodes = actions.generate_plan(project, actor)
    assert [(n.name, n.planned_on) for n in nodes] == [
        ("立项", dt.date(2026, 1, 11)),
        ("开工", dt.date(2026, 1, 31)),
    ]


def test_template_page_shows_builtin_default_and_refuses_edits_without_capability(client_for, org):
    page = client_for("liaison1").get("/projects/templates/?type=产业项目")
    assert page.status_code == 200 and "施工许可" in page.content.decode()
    refused = client_for("liaison1").post(
        "/projects/templates/?type=产业项目",
        _post([{"name": "立项", "days": "1", "unit": "", "milestone": ""}]),
    )
    assert refused.status_code == 403
    assert not NodeTemplate.objects.exists()


def test_invalid_rows_are_reported_and_nothing_is_saved(client_for, org):
    response = client_for("leader").post(
        "/projects/templates/?type=产业项目", _post([{"name": "", "days": "-1", "unit": "", "milestone": ""}])
    )
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not NodeTemplate.objects.exists()
