"""Issue 11 items 3, 6, 8, 9: which sheet is read, formulas without a cached value, title rows and
merged group headers above the header, .xls/.ods, and an unreadable file's error naming its format."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from gaoxin.transfer.reader import FileFormatError, read_sheet, read_table
from gaoxin.transfer.sheet_templates import load_template

YEAR = load_template("enterprise_year")
ENTERPRISE = load_template("enterprise")
CODE = "91420106MA4KYB0012"
HEADERS = ["统一社会信用代码", "年度", "主营业务收入（万元）", "职工总数"]


def xlsx(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_hidden_first_sheet_is_not_read_and_the_sheet_is_named():
    book = Workbook()
    old = book.active
    old.title = "旧数据"
    old.append(HEADERS)
    old.append([CODE, 2019, 1, 1])
    old.sheet_state = "hidden"
    new = book.create_sheet("2024年")
    new.append(HEADERS)
    new.append([CODE, 2024, 3000, 120])
    book.active = 1
    sheet = read_sheet(xlsx(book), "y.xlsx", YEAR)
    assert sheet.name == "2024年"
    parsed = read_table(xlsx(book), YEAR, "y.xlsx")
    assert [r["year"] for r in parsed.records] == [2024]


def test_several_visible_sheets_with_the_headers_are_refused_unless_chosen():
    book = Workbook()
    for title, year in (("2023年", 2023), ("2024年", 2024)):
        ws = book.active if year == 2023 else book.create_sheet()
        ws.title = title
        ws.append(HEADERS)
        ws.append([CODE, year, 1, 1])
    notes = book.create_sheet("说明")
    notes.append(["本表由园区管委会下发"])
    with pytest.raises(FileFormatError) as caught:
        read_sheet(xlsx(book), "y.xlsx", YEAR)
    assert "2023年" in str(caught.value) and "2024年" in str(caught.value)
    parsed = read_table(xlsx(book), YEAR, "y.xlsx", sheet_name="2024年")
    assert [r["year"] for r in parsed.records] == [2024]


def test_one_visible_sheet_with_the_headers_is_chosen_even_if_not_active():
    book = Workbook()
    book.active.title = "填表说明"
    book.active.append(["列名", "说明"])
    data = book.create_sheet("数据")
    data.append(HEADERS)
    data.append([CODE, 2024, 1, 1])
    book.active = 0
    assert read_sheet(xlsx(book), "y.xlsx", YEAR).name == "数据"


def test_formula_without_cached_value_is_an_error_naming_the_cell():
    book = Workbook()
    ws = book.active
    ws.append(HEADERS)
    ws.append([CODE, 2024, "=1000+2000", 120])  # openpyxl writes the formula, no cached value
    parsed = read_table(xlsx(book), YEAR, "y.xlsx")
    [error] = parsed.errors
    assert (error.row, error.column) == (2, "主营业务收入")
    assert "C2" in error.message and "公式未计算，请在 Excel 中打开并保存后再导入" in error.message
    assert parsed.records == []


def test_formula_with_cached_value_is_read():
    book = Workbook()
    ws = book.active
    ws.append(HEADERS)
    ws.append([CODE, 2024, 3000, 120])
    data = xlsx(book).replace(b"<v>3000</v>", b"<f>1000+2000</f><v>3000</v>")
    parsed = read_table(data, YEAR, "y.xlsx")
    assert not parsed.errors and parsed.records[0]["main_business_revenue"] == Decimal("30000000.00")


def test_title_and_note_rows_and_merged_group_headers_above_the_header():
    book = Workbook()
    ws = book.active
    ws.append(["2024年企业年度数据表"])
    ws.merge_cells("A1:D1")
    ws.append(["填表说明：金额单位为万元，人数为年平均数"])
    ws.append(["统一社会信用代码", "年度", "收入", "人员"])  # group headers
    ws.append([None, None, "主营业务收入（万元）", "职工总数"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.append([CODE, 2024, 3000, 120])
    sheet = read_sheet(xlsx(book), "y.xlsx", YEAR)
    assert sheet.header_row == 4
    parsed = read_table(xlsx(book), YEAR, "y.xlsx")
    assert not parsed.errors, parsed.errors
    [record] = parsed.records
    assert record["_row"] == 5 and record["employees"] == 120
    assert record["main_business_revenue"] == Decimal("30000000.00")


def test_title_rows_in_a_csv():
    text = "2024年企业年度数据表,,,\n," + "\n" + ",".join(HEADERS) + f"\n{CODE},2024,3000,120\n"
    parsed = read_table(text.encode("utf-8"), YEAR, "y.csv")
    assert not parsed.errors and parsed.records[0]["_row"] == 4


def test_xls_is_read():
    import xlwt

    book = xlwt.Workbook()
    ws = book.add_sheet("数据")
    for col, header in enumerate(["统一社会信用代码", "企业名称", "成立日期"]):
        ws.write(0, col, header)
    ws.write(1, 0, CODE)
    ws.write(1, 1, "江城甲科技有限公司")
    ws.write(1, 2, dt.date(2015, 3, 1), xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = read_table(buffer.getvalue(), ENTERPRISE, "e.xls")
    assert not parsed.errors, parsed.errors
    assert parsed.records[0]["established_on"] == dt.date(2015, 3, 1)


def test_ods_is_read():
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="数据")
    for values in (HEADERS, [CODE, 2024, 3000, 120]):
        row = TableRow()
        for value in values:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    parsed = read_table(buffer.getvalue(), YEAR, "y.ods")
    assert not parsed.errors, parsed.errors
    assert parsed.records[0]["employees"] == 120 and parsed.records[0]["year"] == 2024


@pytest.mark.parametrize(
    "data,name,found",
    [
        (b"%PDF-1.7\n...", "y.xlsx", "PDF"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "y.xls", "HTML"),
        (b"PK\x03\x04garbage", "y.xlsx", "压缩"),
    ],
)
def test_unreadable_file_names_the_format_found(data, name, found):
    with pytest.raises(FileFormatError) as caught:
        read_sheet(data, name, YEAR)
    assert found in str(caught.value)


def test_a_word_document_is_named():
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    with pytest.raises(FileFormatError) as caught:
        read_sheet(buffer.getvalue(), "y.xlsx", YEAR)
    assert "Word" in str(caught.value)
