"""Issue 11 item 11: a template people can fill in (填表说明, marked required headers, units, drop-downs,
an example row the importer ignores)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gaoxin.transfer.reader import read_table
from gaoxin.transfer.sheet_templates import load_template
from gaoxin.transfer.template_book import write_template_book

ENTERPRISE = load_template("enterprise")


def test_the_template_has_a_guide_marked_headers_units_drop_downs_and_an_example():
    data = write_template_book(ENTERPRISE, {"unit": ["东湖街道", "南山街道"]})
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert book.sheetnames[:2] == ["企业基本信息", "填表说明"] and book.active.title == "企业基本信息"
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["*统一社会信用代码", "*企业名称", "*成立日期"]
    assert "注册资本（元）" in headers and "所属单位" in headers
    assert str(sheet["A2"].value).startswith("示例")
    sources = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    column = {h.lstrip("*"): chr(65 + i) for i, h in enumerate(headers)}
    assert set(sources) >= {f"{column[h]}3" for h in ("高新技术领域", "是否上市", "所属单位")}
    options = book["选项"]
    assert options.sheet_state == "hidden"
    unit_col = column["所属单位"]
    assert [options[f"{unit_col}1"].value, options[f"{unit_col}2"].value] == ["东湖街道", "南山街道"]
    guide = book["填表说明"]
    rows = {r[0].value: [c.value for c in r] for r in guide.iter_rows(min_row=2) if r[0].value}
    assert rows["统一社会信用代码"][3] == "是" and rows["注册资本"][2] == "元"
    assert "电子信息" in rows["高新技术领域"][4]


def test_the_example_row_is_not_imported():
    data = write_template_book(ENTERPRISE)
    parsed = read_table(data, ENTERPRISE, "t.xlsx")
    assert parsed.total == 0 and not parsed.errors


@pytest.mark.django_db
def test_downloaded_template_filled_with_a_title_row_reports_every_error_of_the_bad_row(client_for):
    from gaoxin.registry import uscc

    response = client_for("leader").get("/transfer/template/enterprises/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    sheet.insert_rows(1)
    sheet["A1"] = "2024年企业基本情况表"
    headers = [c.value.lstrip("*") if c.value else "" for c in sheet[2]]
    good = {"统一社会信用代码": uscc.make("420106", "MA4K00021"), "企业名称": "江城好科技有限公司",
            "成立日期": "2020-01-01", "所属单位": "东湖街道"}  # fmt: skip
    bad = {"统一社会信用代码": uscc.make("420106", "MA4K00022")[:17] + "Z", "企业名称": "江城坏科技有限公司",
           "成立日期": 2021, "注册资本（元）": "1234,56", "高新技术领域": "火星技术", "所属单位": "火星街道"}  # fmt: skip
    for row in (good, bad):
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    from gaoxin.core.context import Actor
    from gaoxin.organization.models import User
    from gaoxin.transfer.importer import run_import
    from gaoxin.transfer.kinds import get_kind

    report = run_import(
        get_kind("enterprises"), buffer.getvalue(), "t.xlsx", Actor(user=User.objects.get(username="leader")),
        dry_run=True,
    )  # fmt: skip
    assert report.sheet_name == "企业基本信息"
    by_row = {}
    for e in report.errors:
        by_row.setdefault(e.row, set()).add(e.column)
    assert by_row == {5: {"统一社会信用代码", "成立日期", "注册资本", "高新技术领域", "所属单位"}}
