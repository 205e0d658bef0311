"""Reading files: header matching with units, GBK csv, xlsx, row numbers, union of templates."""

import datetime as dt
from decimal import Decimal

from gaoxin.transfer.reader import read_sheet, read_table
from gaoxin.transfer.sheet_templates import Column, load_template, match_headers
from gaoxin.transfer.writer import write_xlsx

YEAR = load_template("enterprise_year")


def test_header_units_and_brackets():
    m = match_headers(
        ["统一社会信用代码", "年度", "主营业务收入（万元）", "纳税总额(亿元)", "净利润", "备注"], YEAR
    )
    units = {c.field: unit for _, c, unit in m.mapped}
    assert units["main_business_revenue"] == "万元"
    assert units["tax_paid"] == "亿元"
    assert units["net_profit"] == "元"
    assert m.extra == ["备注"]
    assert m.missing == []


def test_valuation_header_is_exact_not_a_unit():
    m = match_headers(["企业估值（亿美元）"], YEAR)
    assert [c.field for _, c, _ in m.mapped] == ["valuation_usd_100m"]


def test_gbk_csv_with_row_numbers_and_errors():
    text = "统一社会信用代码,年度,主营业务收入（万元）,备注\n91420100MA4KXXXX1X,2023,1.35亿,\n\n91420100MA4KXXXX1X,2022,很多,\n"
    parsed = read_table(text.encode("gbk"), YEAR, "figures.csv")
    assert parsed.total == 2
    assert parsed.records[0]["main_business_revenue"] == Decimal("135000000.00")
    assert parsed.records[0]["_row"] == 2
    [error] = parsed.errors
    assert (error.row, error.column) == (4, "主营业务收入")
    assert "不是有效的金额" in error.message
    assert [w.column for w in parsed.warnings] == ["备注"]


def test_xlsx_with_excel_dates():
    data = write_xlsx(["统一社会信用代码", "企业名称", "成立日期"], [["X", "甲公司", dt.date(2020, 1, 2)]])
    sheet = read_sheet(data, "a.xlsx")
    assert sheet.rows[0][0] == 2
    parsed = read_table(data, load_template("enterprise"), "a.xlsx")
    assert parsed.records[0]["established_on"] == dt.date(2020, 1, 2)


def test_union_of_templates_for_the_rules_engine():
    union = YEAR.union(load_template("enterprise"), extra=(Column("持有资质", "qualifications"),))
    text = "统一社会信用代码,年度,企业名称,成立日期,持有资质\nX,2023,甲公司,2019/5/1,高新技术企业\n"
    parsed = read_table(text.encode(), union, "x.csv")
    assert not parsed.errors
    record = parsed.records[0]
    assert record["name"] == "甲公司" and record["qualifications"] == "高新技术企业"
    assert record["established_on"] == dt.date(2019, 5, 1)


def test_missing_required_column():
    parsed = read_table("统一社会信用代码\nX\n".encode(), YEAR, "x.csv")
    assert [(e.row, e.column) for e in parsed.errors] == [(1, "年度")]


def test_every_bad_cell_of_a_row_is_reported():
    text = "统一社会信用代码,年度,主营业务收入,职工总数\nX,2023,很多,三百\n"
    parsed = read_table(text.encode(), YEAR, "x.csv")
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "主营业务收入"), (2, "职工总数")]
    assert parsed.records == []


def test_the_columns_are_the_records_column_wise():
    """File mode builds its frame from ``columns`` (issue 12 item 2): the same values as the records
    (and a bad cell None, as in ``partial``), in row order; ``records=False`` builds no dict per row."""
    text = (
        "统一社会信用代码,年度,主营业务收入（万元）,企业名称\n"
        "91420100MA4KXXXX1X,2023,1.35亿,'=甲\n91420100MA4KXXXX1X,2022,很多,乙\n"
        "91420100MA4KXXXX2X,2024,12.5,丙\n"
    )
    union = YEAR.union(load_template("enterprise"))
    parsed = read_table(text.encode("utf-8"), union, "figures.csv")
    rows = sorted(parsed.records + parsed.partial, key=lambda r: r["_row"])
    assert parsed.numbers == [r["_row"] for r in rows] == [2, 3, 4]
    assert set(parsed.columns) == set(rows[0]) - {"_row"}
    for name, values in parsed.columns.items():
        assert values == [r[name] for r in rows], name
    assert parsed.columns["name"][0] == "=甲"  # an exported '=… cell is read back as =…
    lean = read_table(text.encode("utf-8"), union, "figures.csv", records=False)
    assert lean.columns == parsed.columns and not lean.records and not lean.partial
    assert lean.errors == parsed.errors
