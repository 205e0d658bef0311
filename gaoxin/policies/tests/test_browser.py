"""In Chromium: staff load a policy file, see the matches; the enterprise confirms with its bank account;
the department reviews, approves (the fund cannot pay everyone: the cut is shown first) and pays; the
ledger shows the payment and the fund dashboard the budget left."""

from __future__ import annotations

import pytest

from .conftest import POLICY

YEAR = 2026


def logout(page):
    page.context.clear_cookies()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_load_match_confirm_approve_pay(page, login, org, users, ents, ent_user, no_publicity, tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY, encoding="utf-8")
    login("staff1")
    page.goto(page.base_url + "/policies/")
    page.set_input_files("#policy-file", str(path))
    page.click("#load-btn")
    page.wait_for_selector("#clause-table")
    assert "已载入并完成匹配" in page.inner_text(".alert-success, .alert")
    row = page.inner_text("#clause-table tbody tr:first-child")
    assert "研发投入奖补" in row and "上一年度研究开发费用总额不低于500万元" in row
    page.click("#clause-table tbody tr:first-child td:nth-child(6) a")  # 符合企业 → the match list
    page.wait_for_selector("#object-table")
    assert "江城甲科技有限公司" in page.inner_text("#object-table") and "50万元" in page.inner_text(
        "#object-table"
    )

    logout(page)
    login("ent1")
    page.goto(page.base_url + "/policies/mine/")
    card = page.locator('.match-card[data-clause="rd_subsidy"]')
    assert card.locator(".amount").inner_text() == "50万元"
    card.locator("input[name=bank_name]").fill("江城农商银行高新支行")
    card.locator("input[name=bank_account]").fill("6230 0000 1111 2222")
    card.locator("button[type=submit]").click()
    page.wait_for_selector("#my-claims")
    assert "已确认享受" in page.content()
    assert "已确认" in page.inner_text("#my-claims")

    logout(page)
    login("staff1")
    page.goto(page.base_url + "/policies/claims/")
    page.click("text=江城甲科技有限公司")
    page.fill("#review-note", "材料齐全")
    page.click("#review-pass")
    page.wait_for_selector("#approve-one")
    assert page.inner_text("#claim-status") == "审核通过"
    page.click("#approve-one")
    page.wait_for_selector("#plan-table")
    assert page.inner_text("#plan-table .granted") == "50万元"
    page.click("#apply-btn")
    page.wait_for_selector("#object-table")
    assert "已核定 1 条，合计 50万元" in page.content()
    page.click("text=江城甲科技有限公司")
    page.fill("#paid-on", f"{YEAR}-01-15" if org.today.year > YEAR else org.today.isoformat())
    page.fill("#voucher", "JCGX-2026-0001")
    page.click("#pay-btn")
    page.wait_for_selector("#claim-status")
    assert page.inner_text("#claim-status") == "已拨付"

    page.goto(page.base_url + "/policies/ledger/")
    assert page.inner_text("#ledger-total") == "50万元"
    ledger = page.inner_text("#ledger-table")
    assert "江城甲科技有限公司" in ledger and "JCGX-2026-0001" in ledger and "市级 25万元" in ledger
    page.goto(page.base_url + "/policies/funds/")
    page.wait_for_selector(".chart canvas")
    assert page.inner_text("#fund-table .remaining") == "0元"
