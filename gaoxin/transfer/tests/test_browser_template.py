"""Issue 11 item 11 in Chromium: download the template, fill it (a title row, one bad row) with openpyxl,
upload it, and see every error of the bad row in one report."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_download_fill_upload_shows_every_error_of_the_row(page, login, users, settings, tmp_path):
    from gaoxin.registry import uscc

    settings.VAR_DIR = tmp_path
    login("leader")
    page.goto(page.base_url + "/transfer/import/?kind=enterprises")
    with page.expect_download() as download:
        page.locator("a.template-link").first.click()
    path = tmp_path / "模板.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.insert_rows(1)
    sheet["A1"] = "2024年企业基本情况表"
    headers = [c.value.lstrip("*") if c.value else "" for c in sheet[2]]
    bad = {
        "统一社会信用代码": uscc.make("420106", "MA4K00031")[:17] + "Z",
        "企业名称": "江城坏科技有限公司",
        "成立日期": 2021,
        "注册资本（元）": "1234,56",
        "所属单位": "火星街道",
    }
    sheet.append([bad.get(h) for h in headers])
    book.save(path)
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#import-errors")
    text = page.locator("#import-errors").inner_text()
    for column in ("统一社会信用代码", "成立日期", "注册资本", "所属单位"):
        assert column in text, column
    assert "2021 不是完整日期" in text and "逗号" in text
    rows = {line.split()[0] for line in page.locator("#import-errors tbody tr").all_inner_texts()}
    assert rows == {"4"}
