"""In Chromium at a phone's width (390 px): a liaison opens the folded menu and files a dispatch report
with the amount in 万元, seeing the parsed value echoed before saving."""

from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_on_a_phone_opens_the_menu_and_reports_in_wan_yuan(page, login, make_project):
    from gaoxin.projects.models import DispatchReport

    project = make_project("PH1", name="江城光电子产业园二期")
    page.set_viewport_size({"width": 390, "height": 844})
    login("liaison1")
    entry = page.locator("aside >> text=项目库")
    assert not entry.is_visible()  # folded: the narrow screen is left to the page
    page.click("#menu-toggle")
    entry.wait_for(state="visible")
    entry.click()
    page.click(f"#object-list >> text={project.name}")
    page.click("#report-btn")
    assert page.locator("#id_period_investment_unit").input_value() == "万元"
    page.fill("#id_period_investment", "1250")
    page.wait_for_function(
        "document.querySelector('#id_period_investment_echo').textContent.includes('1,250万元')"
    )
    page.fill("#id_period_investment", "1.2亿")  # the text's own unit wins over the selector
    page.wait_for_function(
        "document.querySelector('#id_period_investment_echo').textContent.includes('1.2亿元')"
    )
    page.fill("#id_period_investment", "1250")
    page.fill("#id_progress", "主体结构封顶")
    page.click("#submit-report")
    page.wait_for_url(f"**/projects/{project.pk}/")
    assert DispatchReport.objects.get(project=project).period_investment == Decimal("12500000.00")
