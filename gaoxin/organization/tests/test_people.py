"""人员: the people import/export, one-time password sheets, role requests approved by secadmin, and the
person page's edit / disable / reset."""

import io
from pathlib import Path

import openpyxl
import pytest

from gaoxin.core.context import Actor
from gaoxin.core.models import ObjectChange
from gaoxin.notifications.models import Notification
from gaoxin.organization.models import PasswordSheet, RoleRequest, User
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind
from gaoxin.transfer.writer import write_csv

pytestmark = pytest.mark.django_db

HEADERS = ["账号", "姓名", "所属单位", "角色", "手机号", "关联企业（统一社会信用代码）", "银行机构"]


@pytest.fixture
def enterprise(org):
    from gaoxin.registry.models import Enterprise

    return Enterprise.objects.create(
        uscc="91420100MA4K0000X1",
        name="江城光电科技有限公司",
        established_on="2018-03-01",
        unit=org.units["东湖街道"],
    )


def import_people(rows, actor):
    return run_import(get_kind("people"), write_csv(HEADERS, rows), "people.csv", actor)


def rows(enterprise):
    return [
        ["wangfang", "王芳", "经济发展局", "部门人员", "13800001111", "", ""],
        ["lijun", "李军", "东湖街道", "包联干部", "", "", ""],
        ["ent_guangdian", "赵敏", "", "企业用户", "", enterprise.uscc, ""],
        ["bank_nsh", "钱进", "", "银行用户", "", "", "江城农商银行"],
    ]


def sheet_passwords(content: bytes) -> dict:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == ["账号", "姓名", "所属单位", "初始密码"]
    return {r[0]: r[3] for r in values[1:]}


def test_sysadmin_import_opens_accounts_and_files_role_requests_for_secadmin(users, enterprise):
    report = import_people(rows(enterprise), Actor(user=users.sysadmin, source="web"))
    assert report.ok, [str(e) for e in report.errors]
    assert report.counts.created == 4
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["wangfang", "lijun", "ent_guangdian", "bank_nsh"])
    }
    assert {u.role for u in people.values()} == {"pending"}  # 三员分立: nothing until secadmin approves
    assert (
        people["wangfang"].unit.name == "经济发展局"
        and people["bank_nsh"].organization_name == "江城农商银行"
    )
    assert people["ent_guangdian"].enterprise_account.enterprise == enterprise
    requests = RoleRequest.objects.filter(status="pending")
    assert {(r.user.username, r.role) for r in requests} == {
        ("wangfang", "staff"),
        ("lijun", "liaison"),
        ("ent_guangdian", "enterprise"),
        ("bank_nsh", "bank"),
    }
    assert (
        Notification.objects.filter(recipient=users.secadmin, kind="organization.roles_requested").count()
        == 1
    )
    # the one-time sheet: the passwords work, are expired (changed at first login), and are in no log
    sheet = PasswordSheet.objects.get(owner=users.sysadmin)
    passwords = sheet_passwords(bytes(sheet.content))
    for username, password in passwords.items():
        assert people[username].check_password(password) and people[username].password_expired
        assert not ObjectChange.objects.filter(postchange_data__icontains=password).exists()
    assert any("初始密码表" in note for note in report.counts.notes)


def test_the_password_sheet_downloads_once(users, enterprise, client_for):
    import_people(rows(enterprise)[:1], Actor(user=users.sysadmin, source="web"))
    sheet = PasswordSheet.objects.get()
    client = client_for("sysadmin")
    assert f"/org/password-sheets/{sheet.pk}/" in client.get("/org/users/").content.decode()
    assert client_for("secadmin").get(f"/org/password-sheets/{sheet.pk}/").status_code == 403
    first = client.get(f"/org/password-sheets/{sheet.pk}/")
    assert first.status_code == 200 and "wangfang" in sheet_passwords(first.content)
    second = client.get(f"/org/password-sheets/{sheet.pk}/", follow=True)
    assert "已下载过" in second.content.decode()
    sheet.refresh_from_db()
    assert bytes(sheet.content) == b"" and sheet.downloaded_at is not None


def test_secadmin_approves_all_requests_in_one_step(users, enterprise, client_for):
    import_people(rows(enterprise), Actor(user=users.sysadmin, source="web"))
    assert client_for("sysadmin").post("/org/role-requests/", {"all": "1"}).status_code == 403
    client = client_for("secadmin")
    assert "wangfang" in client.get("/org/role-requests/").content.decode()
    response = client.post("/org/role-requests/", {"all": "1", "op": "approve"}, follow=True)
    assert "已批准 4 项角色申请" in response.content.decode()
    assert User.objects.get(username="wangfang").role == "staff"
    assert User.objects.get(username="ent_guangdian").role == "enterprise"
    assert not RoleRequest.objects.filter(status="pending").exists()


def test_a_rejected_request_leaves_the_role(users, enterprise, client_for):
    import_people(rows(enterprise)[:1], Actor(user=users.sysadmin, source="web"))
    request = RoleRequest.objects.get()
    client_for("secadmin").post("/org/role-requests/", {"id": request.pk, "op": "reject", "note": "单位有误"})
    request.refresh_from_db()
    assert (request.status, request.note, User.objects.get(username="wangfang").role) == (
        "rejected",
        "单位有误",
        "pending",
    )


def test_the_installer_cli_sets_roles_directly(users, enterprise, settings):
    report = import_people(rows(enterprise), Actor.system())
    assert report.ok, [str(e) for e in report.errors]
    assert User.objects.get(username="lijun").role == "liaison"
    assert not RoleRequest.objects.exists()
    note = next(n for n in report.counts.notes if "初始密码表" in n)
    path = note.split("：", 1)[1].split("，")[0]
    assert path.startswith(str(settings.VAR_DIR)) and "lijun" in sheet_passwords(Path(path).read_bytes())


def test_people_row_errors(users, enterprise):
    report = import_people(
        [
            ["a", "甲", "", "部门人员", "", "", ""],
            ["zhang", "张三", "不存在的局", "部门人员", "1380000", "", ""],
            ["ent2", "", "", "企业用户", "", "", ""],
            ["ent3", "", "", "企业用户", "", "91420100MA4K9999X9", ""],
            ["bank_new", "", "", "银行用户", "", "", ""],
            ["sysadmin", "", "", "领导", "", "", ""],
            ["zhang", "张三", "经济发展局", "领导", "", "", ""],
            ["liu", "刘", "经济发展局", "部门人员", "", enterprise.uscc, ""],
        ],
        Actor(user=users.sysadmin, source="web"),
    )
    text = "\n".join(str(e) for e in report.errors)
    for expected in [
        "第 2 行“账号”：账号须为 2 位以上",
        "第 2 行“所属单位”：部门人员须填写所属单位",
        "第 3 行“所属单位”：找不到单位“不存在的局”",
        "第 3 行“手机号”：“1380000”不是 11 位手机号",
        "第 4 行“关联企业（统一社会信用代码）”：企业用户须填写",
        "第 5 行“关联企业（统一社会信用代码）”：企业库中没有“91420100MA4K9999X9”",
        "第 6 行“银行机构”：银行用户须填写银行机构",
        "第 7 行“账号”：“sysadmin”是三员账号",
        "第 8 行“账号”：账号“zhang”在文件中重复（第 3 行）",
        "第 9 行“关联企业（统一社会信用代码）”：仅企业用户可关联企业",
    ]:
        assert expected in text, text
    assert report.committed == 0 and not User.objects.filter(username="liu").exists()


def test_export_has_no_password_masks_phones_and_reimports_unchanged(users, enterprise):
    from gaoxin.transfer.exporting import export_bytes

    sysadmin = Actor(user=users.sysadmin, source="web")
    import_people(rows(enterprise), sysadmin)
    data, count = export_bytes(get_kind("people"), users.sysadmin, "csv")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == HEADERS and "密码" not in text
    assert "13800001111" not in text and "138****1111" in text
    assert "sysadmin" not in text  # the three administrators are kept by the installer, not the file
    report = run_import(get_kind("people"), data, "people.csv", sysadmin)
    assert report.ok, [str(e) for e in report.errors]
    assert report.counts.created == 0 and User.objects.get(username="wangfang").phone == "13800001111"


def test_person_page_edit_disable_enable_and_reset(users, client_for, enterprise):
    client = client_for("sysadmin")
    person = users.liaison1
    page = client.get(f"/org/users/{person.pk}/").content.decode()
    assert person.phone not in page  # sysadmin sees it masked
    masked = person.phone[:3] + "****" + person.phone[-4:]
    response = client.post(
        f"/org/users/{person.pk}/",
        {
            "full_name": "周建国",
            "unit": person.unit_id,
            "phone": masked,
            "title": "包联干部",
            "role": "staff",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "周建国" and person.phone.isdigit() and person.role == "liaison"
    assert RoleRequest.objects.get(user=person, status="pending").role == "staff"
    client.post(f"/org/users/{person.pk}/active/", {"active": "0"})
    person.refresh_from_db()
    assert not person.is_active
    client.post(f"/org/users/{person.pk}/active/", {"active": "1"})
    response = client.post(f"/org/users/{person.pk}/reset-password/")
    password = response.content.decode().split('id="one-time-password">')[1].split("<")[0]
    person.refresh_from_db()
    assert person.is_active and person.check_password(password) and person.password_expired


def test_administrator_accounts_are_not_edited_on_pages(users, client_for):
    client = client_for("sysadmin")
    client.post(f"/org/users/{users.auditor.pk}/active/", {"active": "0"})
    users.auditor.refresh_from_db()
    assert users.auditor.is_active
    assert client_for("leader").get(f"/org/users/{users.staff1.pk}/").status_code == 403
