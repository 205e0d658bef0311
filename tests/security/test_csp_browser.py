"""Issue 14 item 10: under the Content-Security-Policy the pages still work in a real browser — no CSP
violation on pages with charts, HTMX, an inline (nonced) script and data-confirm / data-autosubmit."""

from __future__ import annotations

import pytest


@pytest.fixture
def page(_playwright_browser, live_server):
    """A page that obeys the site's Content-Security-Policy (the shared fixture bypasses it)."""
    context = _playwright_browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url
    yield pg
    context.close()


PAGES = [
    "/",
    "/projects/dashboard/",
    "/problems/",
    "/projects/gantt/",
    "/projects/rankings/",
    "/enterprises/",
    "/transfer/",
    "/messages/",
    "/indicators/",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_under_the_csp(page, login, org, users):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    login("leader")
    for path in PAGES:
        response = page.goto(page.base_url + path)
        assert response.status < 500, path
        assert "script-src" in (response.headers.get("content-security-policy") or ""), path
        page.wait_for_load_state("networkidle")
    page.goto(page.base_url + "/projects/dashboard/")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-echarts] canvas").count() >= 1  # ECharts ran from static/vendor
    assert not refused, refused


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_data_confirm_asks_and_cancel_keeps(page, login, org, users):
    from gaoxin.organization.models import User

    login("sysadmin")
    person = User.objects.get(username="staff1")
    page.goto(page.base_url + f"/org/users/{person.pk}/")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator("form[data-confirm] button").first.click()
    page.wait_for_timeout(300)
    assert asked and "确定" in asked[0]
    person.refresh_from_db()
    assert person.is_active
