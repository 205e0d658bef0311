"""In Chromium: an enterprise user submits year figures, the department approves them after reading the
diff, and the enterprise user finds the outcome in the message centre."""

from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.click("text=退出")
    page.wait_for_url("**/login/**")


def test_enterprise_submits_department_approves_enterprise_reads_the_outcome(
    page, login, ent_user, enterprises
):
    from gaoxin.registry.models import EnterpriseYear

    own = enterprises[0]
    login("ent1")
    page.goto(f"{page.base_url}/enterprises/{own.pk}/years/2026/")
    page.fill("#id_main_business_revenue", "1250万")
    page.wait_for_function(
        "document.querySelector('#id_main_business_revenue_echo').textContent.includes('1,250万元')"
    )
    page.fill("#id_employees", "86")
    page.click("#save-year")
    page.wait_for_url(f"**/enterprises/{own.pk}/")
    assert "已提交主管部门审核" in page.locator(".alert-success").inner_text()
    assert "待审核" in page.locator("#submissions").inner_text()
    assert not EnterpriseYear.objects.filter(enterprise=own, year=2026).exists()
    logout(page)

    login("staff1")
    page.click("#message-centre")
    page.click(f"#messages >> text={own.name}")
    diff = page.locator("#submission-diff").inner_text()
    assert "主营业务收入" in diff and "1,250万元" in diff and "86" in diff
    page.click("#btn-approve")
    assert page.locator("#submission-status").inner_text() == "审核通过"
    logout(page)

    login("ent1")
    assert page.locator("#unread-count").inner_text() == "1"
    page.click("#message-centre")
    assert "已审核通过" in page.locator("#messages").inner_text()
    row = EnterpriseYear.objects.get(enterprise=own, year=2026)
    assert row.main_business_revenue == Decimal("12500000.00") and row.entered_by == ent_user
