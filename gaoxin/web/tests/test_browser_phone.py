"""In Chromium at a phone's width (390 px): the sidebar folds behind a menu button that opens it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_menu_toggle_opens_the_sidebar_at_390px(page, login, users):
    page.set_viewport_size({"width": 390, "height": 844})
    login("liaison1")
    entry = page.locator("aside >> text=项目调度")
    assert not entry.is_visible()  # folded: the page content gets the narrow screen
    page.click("#menu-toggle")
    entry.wait_for(state="visible")
    entry.click()
    page.wait_for_url("**/projects/reports/")
