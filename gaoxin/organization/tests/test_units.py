"""组织机构: the unit pages' actions, and the units import/export."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gaoxin.core.context import Actor
from gaoxin.organization import unit_actions
from gaoxin.organization.models import Unit
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind
from gaoxin.transfer.writer import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(users):
    return Actor(user=users.sysadmin, source="web")


def unit(name):
    return Unit.objects.get(name=name)


def test_create_rename_move_and_close(org, admin):
    zone = org.zone
    new = unit_actions.create_unit(
        zone, {"name": "数据局", "kind": "department", "parent": None, "code": "D99"}, admin
    )
    assert (new.parent.name, new.level) == ("江城高新区管委会", 2)
    community = unit_actions.create_unit(
        zone, {"name": "数据社区", "kind": "community", "parent": unit("东湖街道")}, admin
    )
    unit_actions.update_unit(community, {"name": "数字社区"}, admin)
    street = unit("南山街道")
    moved = unit_actions.update_unit(unit("数字社区"), {"parent": street}, admin)
    assert moved.path.startswith(street.path) and moved.level == 3
    closed = unit_actions.close_unit(moved, dt.date(2026, 6, 30), admin)
    assert closed.closed_on == dt.date(2026, 6, 30)


def test_a_moved_units_subtree_follows(org, admin):
    town = unit("凤凰镇")
    dept = unit("经济发展局")
    with pytest.raises(ValidationError, match="超过四级"):
        # 凤凰镇 has villages: under a level-2 department they would be level 4 — allowed; one more level is not
        grand = unit_actions.create_unit(
            org.zone, {"name": "科室", "kind": "department", "parent": dept}, admin
        )
        unit_actions.update_unit(dept, {"parent": None}, admin)  # no-op for the parent: still under the root
        unit_actions.update_unit(town, {"parent": grand}, admin)
    unit_actions.update_unit(town, {"parent": dept}, admin)
    town.refresh_from_db()
    village = unit("凤凰村")
    assert (town.level, village.level) == (3, 4)
    assert village.path.startswith(town.path) and town.path.startswith(dept.path)


def test_moving_a_unit_under_its_own_child_is_refused(org, admin):
    with pytest.raises(ValidationError, match="自身或下级"):
        unit_actions.update_unit(unit("东湖街道"), {"parent": unit("东湖社区")}, admin)


def test_a_unit_with_people_or_open_children_cannot_close(org, admin, users):
    with pytest.raises(ValidationError, match="未撤销的下级单位"):
        unit_actions.close_unit(unit("东湖街道"), dt.date(2026, 1, 1), admin)
    with pytest.raises(ValidationError, match="在用账号"):
        unit_actions.close_unit(users.staff1.unit, dt.date(2026, 1, 1), admin)


def test_duplicate_names_are_refused(org, admin):
    with pytest.raises(ValidationError, match="已存在"):
        unit_actions.create_unit(
            org.zone, {"name": "东湖社区", "kind": "community", "parent": unit("南山街道")}, admin
        )


def test_only_the_system_administrator_manages_units(org, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        unit_actions.create_unit(org.zone, {"name": "x", "kind": "department"}, Actor(user=users.leader))


def test_unit_pages(client_for, org):
    client = client_for("sysadmin")
    assert client_for("leader").get("/org/units/new/").status_code == 403
    root = unit("江城高新区管委会")
    response = client.post(
        "/org/units/new/", {"name": "大数据局", "kind": "department", "parent": root.pk, "code": "DSJ"}
    )
    assert response.status_code == 302
    created = unit("大数据局")
    response = client.post(
        f"/org/units/{created.pk}/edit/",
        {
            "name": "数据和政务服务局",
            "kind": "department",
            "parent": root.pk,
            "code": "DSJ",
            "version": created.version,
        },
    )
    assert response.status_code == 302 and unit("数据和政务服务局").code == "DSJ"
    response = client.post(f"/org/units/{created.pk}/close/", {"closed_on": "2026-12-31"})
    assert unit("数据和政务服务局").closed_on == dt.date(2026, 12, 31)
    page = client.get("/org/units/").content.decode()
    assert 'data-unit="数据和政务服务局"' not in page and 'data-unit="东湖街道"' in page
    assert 'data-unit="数据和政务服务局"' in client.get("/org/units/?closed=1").content.decode()
    stale = client.post(
        f"/org/units/{unit('东湖街道').pk}/edit/",
        {"name": "东湖新街道", "kind": "subdistrict", "parent": root.pk, "version": 0},
    )
    assert stale.status_code == 200 and "该记录已被" in stale.content.decode()


HEADERS = ["单位名称", "上级单位", "单位类型", "单位编码"]


def import_units(rows, actor):
    return run_import(get_kind("units"), write_csv(HEADERS, rows), "units.csv", actor)


def messages(report):
    return [str(e) for e in report.errors]


def test_import_with_parents_later_in_the_file_by_name_or_code(org, admin):
    report = import_units(
        [
            ["青山社区", "QSJD", "社区", "QS01"],  # parent by code, defined two rows below
            ["数据局", "", "部门", "SJJ"],  # empty parent: directly under the root
            ["青山街道", "", "街道", "QSJD"],
            ["东湖社区", "南山街道", "社区", ""],  # an existing unit moves
        ],
        admin,
    )
    assert report.ok, messages(report)
    assert (report.counts.created, report.counts.updated) == (3, 1)
    assert unit("青山社区").parent == unit("青山街道")
    assert unit("数据局").parent.name == "江城高新区管委会"
    assert unit("东湖社区").parent.name == "南山街道" and unit("东湖社区").level == 3


def test_import_row_errors(org, admin):
    report = import_units(
        [
            ["甲社区", "不存在的街道", "社区", ""],
            ["环一", "环二", "部门", ""],
            ["环二", "环一", "部门", ""],
            ["二级", "", "部门", ""],
            ["三级", "二级", "部门", ""],
            ["四级", "三级", "部门", ""],
            ["五级", "四级", "部门", ""],
            ["乙村", "", "村", ""],
            ["二级", "", "部门", ""],
        ],
        admin,
    )
    text = "\n".join(messages(report))
    assert "第 2 行“上级单位”：找不到上级单位“不存在的街道”" in text
    assert "第 3 行“上级单位”：上级关系成环" in text and "第 4 行“上级单位”：上级关系成环" in text
    assert "第 10 行“单位名称”：单位“二级”在文件中重复（第 5 行）" in text
    assert report.committed == 0 and not Unit.objects.filter(name="甲社区").exists()
    report = import_units(
        [
            ["二级", "", "部门", ""],
            ["三级", "二级", "部门", ""],
            ["四级", "三级", "部门", ""],
            ["五级", "四级", "部门", ""],
            ["乙村", "", "村", ""],
        ],
        admin,
    )
    text = "\n".join(messages(report))
    assert "第 5 行“上级单位”：“五级”将成为第 5 级，单位层级最多四级" in text
    assert "第 6 行“单位类型”：村不能设在管委会“江城高新区管委会”之下" in text


def test_moving_an_existing_unit_counts_its_stored_children_in_the_depth(org, admin):
    report = import_units([["科室", "经济发展局", "部门", ""], ["凤凰镇", "科室", "镇", ""]], admin)
    assert any("其下级单位" in m and "第 5 级" in m for m in messages(report)), messages(report)


def test_export_then_import_is_unchanged(org, admin, tmp_path):
    from gaoxin.transfer.exporting import export_bytes

    data, count = export_bytes(get_kind("units"), admin.user, "csv")
    assert count == Unit.objects.count()
    report = run_import(get_kind("units"), data, "units.csv", admin)
    assert report.ok, messages(report)
    assert (report.counts.created, report.counts.updated, report.counts.unchanged) == (0, 0, count)


def test_the_import_page_offers_units_to_the_system_administrator(client_for, org):
    response = client_for("sysadmin").get("/transfer/import/?kind=units")
    assert response.status_code == 200 and "组织机构" in response.content.decode()
