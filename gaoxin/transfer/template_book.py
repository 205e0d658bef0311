"""The downloadable import template people fill in (pure Python, no Django).

Sheet 1 (the data sheet, active): the headers, required ones marked ``*``, money headers with their unit
(``注册资本（元）``), drop-downs for choices and 是/否 (and for values the kind supplies, e.g. the zone's
units), and one example row whose first cell starts with 示例 — the importer skips it. Sheet 2
``填表说明``: every column's meaning, unit, required or not, allowed values and an example. A hidden
``选项`` sheet holds the drop-down lists (a list typed into a validation is limited to 255 characters).
"""

from __future__ import annotations

import io

from .sheet_templates import UNIT_TYPES, Column, Template

TYPE_TEXT = {
    "text": "文本", "int": "整数", "decimal": "数值", "money": "金额", "quantity": "数值",
    "percent": "百分比（如 12.5% 或 0.125）", "bool": "是/否", "date": "日期（如 2023-06-30）", "choice": "下拉选择",
}  # fmt: skip
EXAMPLES = {
    "uscc": "91420106MA4KYB0012", "owner_uscc": "91420106MA4KYB0012", "year": 2024, "name": "江城示例科技有限公司",
}  # fmt: skip
EXAMPLE_BY_TYPE = {
    "text": "", "int": 10, "decimal": 1.5, "money": 1000000, "quantity": 100, "percent": "12.5%",
    "bool": "是", "date": "2020-06-30",
}  # fmt: skip
DATA_ROWS = 5000  # rows the drop-downs cover


def header_of(column: Column) -> str:
    text = column.header
    if column.type in UNIT_TYPES and column.unit:
        text = f"{text}（{column.unit}）"
    return f"*{text}" if column.required else text


def example_of(column: Column):
    if column.field in EXAMPLES:
        return EXAMPLES[column.field]
    if column.type == "choice" and column.choices:
        return column.choices[0]
    return EXAMPLE_BY_TYPE.get(column.type, "")


def write_template_book(template: Template, choices: dict[str, list[str]] | None = None) -> bytes:
    """``choices``: extra drop-down lists by field (e.g. unit → the zone's unit names)."""
    import xlsxwriter

    lists = {c.field: list(c.choices) for c in template.columns if c.type == "choice" and c.choices}
    lists |= {c.field: ["是", "否"] for c in template.columns if c.type == "bool"}
    lists |= {k: v for k, v in (choices or {}).items() if v}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "font_color": "#C00000"})
    example = book.add_format({"italic": True, "font_color": "#808080"})
    data = book.add_worksheet(template.title[:31])
    guide = book.add_worksheet("填表说明")
    options = book.add_worksheet("选项")
    options.hide()
    for col, column in enumerate(template.columns):
        data.write_string(0, col, header_of(column), required if column.required else bold)
        data.set_column(col, col, max(12, len(header_of(column)) * 2))
        value = example_of(column)
        if col == 0:
            value = f"示例：{value}"  # the importer skips a row whose first cell starts with 示例
        data.write(1, col, value, example)
        if column.field in lists:
            values = lists[column.field]
            for i, v in enumerate(values):
                options.write_string(i, col, v)
            letter = xlsxwriter.utility.xl_col_to_name(col)
            data.data_validation(
                2, col, DATA_ROWS, col,
                {"validate": "list", "source": f"=选项!${letter}$1:${letter}${len(values)}",
                 "error_title": "输入值无效", "error_message": f"请从下拉列表中选择{column.header}"},
            )  # fmt: skip
    data.freeze_panes(1, 0)
    data.activate()
    headers = ["列名", "说明", "单位", "是否必填", "可选值", "示例"]
    for col, text in enumerate(headers):
        guide.write_string(0, col, text, bold)
    guide.set_column(0, 0, 28)
    guide.set_column(1, 1, 50)
    guide.set_column(4, 4, 40)
    for row, column in enumerate(template.columns, start=1):
        allowed = "、".join(lists.get(column.field, [])[:30])
        unit = column.unit if column.type in UNIT_TYPES else ("%" if column.type == "percent" else "")
        note = TYPE_TEXT.get(column.type, "")
        if column.type in UNIT_TYPES:
            note += f"；单位为{column.unit}，也可在表头写（万元）（亿元），或在单元格写“1.35亿”“3200万”"
        guide.write_row(row, 0, [column.header, note, unit, "是" if column.required else "否", allowed])
        guide.write(row, 5, example_of(column))
    last = len(template.columns) + 2
    guide.write_string(
        last, 0, "说明：第 2 行为示例行（首格以“示例”开头），导入时自动跳过；表头上方可保留标题行。"
    )
    guide.write_string(last + 1, 0, "空白单元格表示“未知”，不会被当作 0；日期请写完整年月日。")
    book.close()
    return buffer.getvalue()
