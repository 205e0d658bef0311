"""Issue 11 item 10: one pass of validation — every error of a row in one report, one message a cell."""

from __future__ import annotations

import pytest

from gaoxin.registry import uscc
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

GOOD = uscc.make("420106", "MA4K00011")
BAD_CHECK = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")


def test_every_error_of_a_bad_row_in_one_report(actor):
    data = csv_bytes(
        "统一社会信用代码,企业名称,成立日期,注册资本（万元）,高新技术领域,所属单位,包联干部",
        f"{BAD_CHECK},江城错误科技有限公司,2021-02-30,很多,火星技术,火星街道,nobody",
    )
    report = run_import(get_kind("enterprises"), data, "e.csv", actor, dry_run=True)
    columns = sorted(e.column for e in report.errors if e.row == 2)
    assert columns == sorted(
        ["成立日期", "注册资本", "高新技术领域", "统一社会信用代码", "所属单位", "包联干部"]
    )
    assert any("校验码" in e.message for e in report.errors)


def test_an_invalid_required_cell_gets_one_message(actor):
    data = csv_bytes("统一社会信用代码,企业名称,成立日期", f"{GOOD},江城某某有限公司,2021年")
    report = run_import(get_kind("enterprises"), data, "e.csv", actor, dry_run=True)
    messages = [e.message for e in report.errors if e.column == "成立日期"]
    assert len(messages) == 1 and "为必填项" not in messages[0]


def test_year_rows_with_bad_cells_still_report_the_unknown_enterprise(actor):
    data = csv_bytes("统一社会信用代码,年度,主营业务收入", f"{GOOD},abc,1234,56", f"{GOOD},2023,1")
    report = run_import(get_kind("enterprise-years"), data, "y.csv", actor, dry_run=True)
    row2 = sorted(e.column for e in report.errors if e.row == 2)
    assert row2 == ["年度", "统一社会信用代码"]  # the bad year and the enterprise not found, together
    assert [e.column for e in report.errors if e.row == 3] == ["统一社会信用代码"]


def test_an_empty_required_code_gets_one_message(actor):
    data = csv_bytes("统一社会信用代码,年度,主营业务收入", ",2023,1")
    report = run_import(get_kind("enterprise-years"), data, "y.csv", actor, dry_run=True)
    assert [(e.column, e.message) for e in report.errors] == [("统一社会信用代码", "为必填项，不能为空")]
