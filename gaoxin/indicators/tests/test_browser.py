"""In Chromium: import the values of two months on the import page, open the 经济运行 dashboard and read
完成率 against 序时进度 (table and bullet chart) and the month's own value (当月 from the 累计)."""

import pytest

from .conftest import INDICATORS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEAD = "指标编码,单位,期间,当月值,累计值（亿元）,上年同期累计值（亿元）,同比（%）"


def upload(page, path):
    page.goto(page.base_url + "/transfer/import/?kind=indicator-values")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.click("#confirm-import")
    page.wait_for_selector(".alert-success")
    return page.locator(".alert-success").inner_text()


def test_import_two_months_then_read_the_dashboard(page, login, load, tmp_path):
    assert load("indicators", *INDICATORS).ok
    assert load("indicator-targets", "指标编码,单位,年度,目标值（亿元）,下达单位", "ZS01,,2015,7000,省").ok
    july, august = tmp_path / "2015年7月.csv", tmp_path / "2015年8月.csv"
    july.write_text(f"{HEAD}\nZS01,,2015-07,,4100.5,3400.2,\n", encoding="utf-8")
    august.write_text(f"{HEAD}\nZS01,,2015-08,,4766.22,3878.66,\n", encoding="utf-8")
    login("leader")
    assert "新增 1" in upload(page, july)
    assert "新增 1" in upload(page, august)

    page.click("aside >> text=经济运行监测")
    page.wait_for_selector("#indicators")
    row = page.locator('#indicators tr[data-code="ZS01"]')
    assert row.locator(".completion").inner_text() == "68.09%"
    assert row.locator(".schedule").inner_text() == "66.67%"
    assert row.locator(".ahead").inner_text() == "超序时进度 1.42 个百分点"
    assert row.locator(".month").inner_text() == "665.72"  # 4766.22 − 4100.5
    assert row.locator(".value").inner_text() == "4766.22"
    assert row.locator(".yoy").inner_text().startswith("22.88%")
    page.wait_for_selector("#bullet canvas")
    option = page.evaluate("document.querySelector('#bullet')._chart.getOption()")
    bars, marks = option["series"][0]["data"], option["series"][1]["data"]
    assert option["yAxis"][0]["data"] == ["招商引资到位资金"]
    assert bars[0]["value"] == 68.09 and marks[0] == [66.67, "招商引资到位资金"]
    trend = page.evaluate("document.querySelector('#trend')._chart.getOption()")
    assert trend["xAxis"][0]["data"] == ["2015-07", "2015-08"]
    assert trend["series"][0]["data"] == [None, 665.72]  # no June figure: July's 当月 is unknown, not 4100.5
