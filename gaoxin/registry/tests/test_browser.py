"""The registry in real Chromium: search and open an enterprise, import a file with a bad row, export."""

import io

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def workbook(download):
    with open(download.path(), "rb") as f:
        return load_workbook(io.BytesIO(f.read()))


def test_search_and_open_an_enterprise(page, login, enterprises):
    target = enterprises[5]
    login("leader")
    page.click("aside >> text=企业名录")
    page.fill("#id_q", target.uscc)
    page.click("#filter-form button[type=submit]")
    page.wait_for_function("document.querySelector('#result-count').textContent.trim() === '1'")
    page.click(f"#object-list >> text={target.name}")
    page.wait_for_url(f"**/enterprises/{target.pk}/")
    assert page.locator(".page-title").inner_text() == target.name
    assert target.uscc in page.locator("#enterprise-info").inner_text()
    page.wait_for_selector("#figures-chart canvas")


def test_import_with_a_bad_row_shows_the_error_and_the_report(page, login, enterprises, tmp_path):
    good, other = enterprises[0].uscc, enterprises[1].uscc
    path = tmp_path / "年度数据.csv"
    path.write_text(
        f"统一社会信用代码,年度,主营业务收入（万元）\n{good},2021,3200\n{other},2021,很多\n", encoding="gbk"
    )
    login("leader")
    page.goto(page.base_url + "/transfer/import/")
    page.select_option("#id_kind", "enterprise-years")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#import-errors")
    row = page.locator("#import-errors tbody tr").first.inner_text()
    assert "3" in row and "主营业务收入" in row and "不是有效的金额" in row
    assert page.locator("#confirm-import").count() == 0
    with page.expect_download() as info:
        page.click("#error-report")
    assert info.value.suggested_filename.endswith("_错误报告.xlsx")
    sheet = workbook(info.value).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "错误说明" and "不是有效的金额" in rows[2][-1] and not rows[1][-1]


def test_import_valid_file_after_preview(page, login, enterprises, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(f"统一社会信用代码,年度,职工总数\n{enterprises[0].uscc},2020,88\n", encoding="utf-8")
    login("leader")
    page.goto(page.base_url + "/transfer/import/?kind=enterprise-years")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.click("#confirm-import")
    page.wait_for_selector(".alert-success")
    assert "新增 1" in page.locator(".alert-success").inner_text()


def test_export_the_filtered_list(page, login, enterprises):
    login("street")
    page.goto(page.base_url + "/enterprises/")
    with page.expect_download() as info:
        page.click("#export-btn")
    assert info.value.suggested_filename.endswith(".xlsx")
    rows = list(workbook(info.value).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("统一社会信用代码", "企业名称", "成立日期")
    assert len(rows) - 1 == int(page.locator("#result-count").inner_text())


def test_export_carries_the_filters_applied_with_the_query_button(page, login, enterprises, users):
    """The HTMX reload of the table used to leave the export link on the old (unfiltered) query string."""
    from gaoxin.registry.models import Enterprise

    expected = Enterprise.objects.filter(liaison=users.liaison1).count()
    assert 0 < expected < Enterprise.objects.count()
    login("leader")
    page.goto(page.base_url + "/enterprises/")
    page.select_option("#id_liaison", str(users.liaison1.pk))
    page.click("#filter-form button[type=submit]")
    page.wait_for_function(f"document.querySelector('#result-count').textContent.trim() === '{expected}'")
    with page.expect_download() as info:
        page.click("#export-btn")
    rows = list(workbook(info.value).worksheets[0].iter_rows(values_only=True))
    assert len(rows) - 1 == expected
    assert {r[1] for r in rows[1:]} == set(
        Enterprise.objects.filter(liaison=users.liaison1).values_list("name", flat=True)
    )
