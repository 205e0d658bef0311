"""In Chromium: a liaison files a dispatch report raising a problem; the department handles it; the
raiser confirms; the problem is closed and counted; the monthly PDF downloads and opens."""

import re
import subprocess

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.click("text=退出")
    page.wait_for_url("**/login/**")


def test_report_problem_handle_confirm_and_bulletin(page, login, make_project, users, tmp_path):
    project = make_project("BR1", name="光电子产业基地")
    login("liaison1")
    page.goto(f"{page.base_url}/projects/{project.pk}/")
    page.click("#report-btn")
    page.fill("#id_period_investment", "350")  # 万元, the unit selector's default
    page.fill("#id_progress", "主体结构施工至五层")
    page.fill("#id_problem_description", "施工临时用电容量不足")
    page.select_option("#id_problem_category", "用电")
    page.select_option("#id_problem_severity", "重大")
    page.click("#submit-report")
    page.wait_for_url(f"**/projects/{project.pk}/")
    assert "调度报告已提交" in page.content()
    code = re.search(r"WT\d{4}-\d{5}", page.content()).group(0)
    logout(page)

    login("staff1")
    page.goto(f"{page.base_url}/problems/?q={code}")
    page.click(f"text={code}")
    page.click("#btn-accept")
    assert page.locator("#problem-state").inner_text() == "办理中"
    page.fill("#resolution", "已协调供电公司临时增容 800kVA")
    page.click("#btn-resolve")
    assert page.locator("#problem-state").inner_text() == "已办结"
    logout(page)

    login("liaison1")
    page.goto(page.url.split("/login")[0] + "/problems/")
    page.click(f"text={code}")
    page.select_option("#rating", "5")
    page.click("#btn-confirm")
    assert page.locator("#problem-state").inner_text() == "已销号"
    assert "确认销号" in page.locator("#problem-timeline").inner_text()
    logout(page)

    login("leader")
    page.goto(f"{page.base_url}/problems/stats/")
    assert page.locator("#raised").inner_text() == "1" and page.locator("#solved").inner_text() == "1"
    page.goto(f"{page.base_url}/reports/monthly/?month={timezone.localdate():%Y-%m}")
    page.click("#download-pdf")  # renders as a background task (immediate in tests); the page links the file
    with page.expect_download() as info:
        page.click("#task-download")
    path = tmp_path / "bulletin.pdf"
    info.value.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) >= 1
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "本月共提出问题 1 个，解决 1 个" in text.replace("\n", "")
