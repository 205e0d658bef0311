"""In Chromium: open the ladder, drill into an enterprise, run a what-if and see the verdict change."""

from __future__ import annotations

import pytest

from .factories import model_enterprise


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ladder_drill_down_and_whatif(page, login, org, users):
    from gaoxin.assessment.actions import run_assessment
    from gaoxin.core.context import Actor

    ent = model_enterprise(org, users.liaison1)
    run_assessment(2026, Actor.system("test"), ["tsme", "hte"])
    login("leader")
    page.goto(page.base_url + "/assessment/ladder/?year=2026")
    page.wait_for_selector("#funnel-tech canvas")
    page.click('#funnel-tech a.ladder-stage[data-stage="reserve"]')
    page.click(f"text={ent.name}")
    page.wait_for_selector("#rule-tsme")
    assert "不符合" in page.inner_text("#rule-tsme .card-actions")
    page.select_option("#id_field", "main_business_revenue")
    page.fill("#id_change", "-2000")
    page.click("#whatif-btn")
    row = page.wait_for_selector('#whatif-table tr.whatif-changed[data-rule="tsme"]')
    assert "符合" in row.inner_text() and row.query_selector(".whatif-after").inner_text() == "符合"
