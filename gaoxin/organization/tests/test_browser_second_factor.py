"""In Chromium: an administrator's first sign-in enrols an authenticator (QR code drawn by the server, the
code computed here from the secret the page shows, as the app would), sees the recovery codes once, signs
out, and signs in again with password and code; nothing is reachable between the two steps."""

import pytest

from gaoxin.organization.tests.factors import code_from_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_enrols_then_signs_in_with_a_code(page, users):
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "sysadmin")
    page.fill("#id_password", "Gaoxin@2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/login/enrol/")
    assert page.locator("#totp-qr svg").count() == 1
    secret = page.locator("#totp-secret").inner_text()
    page.goto(page.base_url + "/org/users/")  # nothing else before enrolling
    page.wait_for_url("**/login/?next=/org/users/")
    page.goto(page.base_url + "/login/enrol/")
    assert page.locator("#totp-secret").inner_text() == secret  # the same secret until confirmed
    page.fill("#id_code", "000000" if code_from_secret(secret) != "000000" else "111111")
    page.click("#code-form button[type=submit]")
    assert "动态口令错误或已过期" in page.locator("#code-error").inner_text()
    page.fill("#id_code", code_from_secret(secret))
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#recovery-codes")
    assert page.locator("#recovery-codes li").count() == 10
    page.click("#continue")
    page.wait_for_url(page.base_url + "/")
    page.click("text=退出")
    page.wait_for_url("**/login/**")

    page.fill("#id_username", "sysadmin")
    page.fill("#id_password", "Gaoxin@2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/login/code/")
    assert "请输入身份验证器中的6位动态口令" in page.content()
    page.fill("#id_code", code_from_secret(secret, steps=1))  # the next code (each is accepted once)
    page.click("#code-form button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/org/users/")
    assert page.locator("h1, h2").first.is_visible()
    assert "/login/" not in page.url
