"""The page shell in real Chromium: login, the sidebar follows the role, logout, wrong password."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_shows_the_dashboard_and_role_menu(page, login, users):
    login("leader")
    assert page.url.rstrip("/") == page.base_url
    assert page.locator(".page-title").inner_text() == "工作台"
    assert "陈志远 · 领导" in page.locator("header").inner_text()
    page.click("text=退出")
    page.wait_for_url("**/login/")


def test_wrong_password_is_refused_in_chinese(page, login, users):
    login("leader", "Wrong-password-1")
    assert page.locator("#login-error").inner_text().startswith("账号或密码错误。")


def test_auditor_sees_the_login_in_the_audit_log(page, login, users):
    login("auditor")
    page.click("text=审计日志")
    page.click("text=登录与安全事件")
    assert "登录成功" in page.locator("#audit-table").inner_text()
    # the auditor's menu has no business entries (三员分立)
    assert page.locator("aside").get_by_text("企业名录").count() == 0
