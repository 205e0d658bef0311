"""In Chromium, on a database that `gaoxin zone init` has just set up: the new system administrator logs in
with the one-time password, must change it, creates a unit, imports people into it; the security
administrator approves the roles the import requested (三员分立)."""

import pytest

from gaoxin.organization.models import RoleRequest, User
from gaoxin.organization.tests.test_zone_init import run
from gaoxin.transfer.writer import write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def first_login(page, login, username, one_time):
    """Log in with the one-time password: every page leads to 修改密码 until it is changed."""
    login(username, one_time)
    page.wait_for_url("**/password/?expired=1")
    page.goto(page.base_url + "/org/")  # anything else still leads back to the change
    page.wait_for_url("**/password/?expired=1")
    assert "初始密码" in page.locator(".alert-warning").inner_text()
    page.fill("#id_old_password", one_time)
    page.fill("#id_new_password1", "Jiangcheng#2027")
    page.fill("#id_new_password2", "Jiangcheng#2027")
    page.click("form:has(#id_old_password) button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    assert "密码已修改" in page.content()


def test_new_sysadmin_sets_up_units_and_people_and_secadmin_approves_the_roles(page, login, tmp_path):
    code, out, err = run("zone", "init", "--name", "江城高新技术产业开发区", "--short-name", "江城高新区")
    assert code == 0, err
    passwords = {line.split()[0]: line.split()[-1] for line in out.splitlines() if "admin" in line}

    first_login(page, login, "sysadmin", passwords["sysadmin"])
    page.goto(page.base_url + "/org/units/")
    page.click("#unit-create")
    page.fill("#id_name", "东湖街道")
    page.select_option("#id_kind", "subdistrict")
    page.fill("#id_code", "S01")
    page.click("form:has(#id_name) button[type=submit]")
    page.wait_for_selector("#unit-table tr[data-unit='东湖街道']")
    assert "江城高新区管委会" in page.locator("#unit-table tr[data-unit='东湖街道']").inner_text()

    people = tmp_path / "人员.xlsx"
    people.write_bytes(
        write_xlsx(
            ["账号", "姓名", "所属单位", "角色", "手机号"],
            [
                ["li.bl", "李包联", "东湖街道", "包联干部", "13900000001"],
                ["zhou.ld", "周主任", "S01", "领导", None],
            ],
        )
    )
    page.goto(page.base_url + "/org/users/")
    page.click("text=导入")
    page.wait_for_url("**/transfer/import/?kind=people")
    page.set_input_files("#id_file", str(people))
    page.click("#upload-form button[type=submit]")
    page.click("#confirm-import")
    page.wait_for_selector(".alert-success")
    done = page.locator(".alert-success").inner_text()
    assert "新增 2" in done, done
    assert set(User.objects.filter(username__in=["li.bl", "zhou.ld"]).values_list("role", flat=True)) == {
        "pending"
    }  # sysadmin only asks for the roles
    assert RoleRequest.objects.filter(status=RoleRequest.Status.PENDING).count() == 2
    page.click("text=退出")
    page.wait_for_url("**/login/**")

    first_login(page, login, "secadmin", passwords["secadmin"])
    page.goto(page.base_url + "/org/role-requests/")
    table = page.locator("#role-requests").inner_text()
    assert "li.bl" in table and "包联干部" in table and "zhou.ld" in table
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#approve-all")
    page.wait_for_selector("text=暂无待审批的角色申请")
    assert dict(User.objects.filter(username__in=["li.bl", "zhou.ld"]).values_list("username", "role")) == {
        "li.bl": "liaison",
        "zhou.ld": "leader",
    }
