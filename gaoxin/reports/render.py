"""The bulletin as PDF (WeasyPrint, Noto CJK font, SVG charts) and as xlsx (Chinese headers)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from gaoxin.core.money import format_money
from gaoxin.projects.choices import STATUS_COLOURS

from . import economy, svg


def charts(data: dict) -> dict:
    depts = [d for d in data["departments"] if d["projects"]]
    pct = lambda v: f"{v * 100:.0f}%"  # noqa: E731
    completion = [(d["name"], d["completion"] or 0) for d in depts if d["annual_plan"]]
    status_rows = [
        (d["name"], [d["projects"] - d["lagging"], d["lagging"] - d["severe"], d["severe"]]) for d in depts
    ]
    problems = [(d["name"], d["raised"]) for d in data["departments"] if d["raised"]]
    return {
        "completion": mark_safe(svg.hbar(completion, "年度投资完成率（分责任单位）", fmt=pct)),
        "status": mark_safe(
            svg.stacked(
                status_rows, [(s, c) for s, c in STATUS_COLOURS.items()], "项目推进状态（分责任单位）"
            )
        ),
        "problems": mark_safe(svg.hbar(problems, "本月提出问题数（分牵头部门）", colour="#d63939")),
    }


def pdf_bytes(data: dict) -> bytes:
    from weasyprint import HTML

    extra = {
        "charts": charts(data),
        "economy_lines": economy.sentences(data["economy"]),
        "economy_headers": economy.HEADERS,
        "economy_rows": economy.rows(data["economy"]),
    }
    html = render_to_string("reports/monthly_pdf.html", {**data, **extra})
    return HTML(string=html).write_pdf()


def xlsx_bytes(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from gaoxin.core.formula import neutralise

    book = Workbook()
    sheets = [
        ("概况", ["指标", "数值"], _overview_rows(data)),
        ("分单位情况", DEPT_HEADERS, [_dept_row(d) for d in data["departments"]]),
        ("红黑榜", ["序列", "名次", "单位", "综合得分", "结果"], _ranking_rows(data)),
        (
            "超期问题",
            ["问题编号", "问题描述", "所属项目", "牵头部门", "紧急程度", "办理时限", "超期天数"],
            _overdue_rows(data),
        ),
        ("政策兑现", ["政策编号", "政策名称", "本年兑现笔数", "本年兑现金额（元）"], _policy_rows(data)),
        ("经济运行", economy.HEADERS, economy.rows(data["economy"])),
    ]
    for i, (title, headers, rows) in enumerate(sheets):
        sheet = book.active if i == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:  # names and descriptions are people's text: never a live formula
            sheet.append([neutralise(value) for value in row])
        for col in sheet.columns:
            sheet.column_dimensions[col[0].column_letter].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


DEPT_HEADERS = [
    "责任单位",
    "在库项目",
    "滞后项目",
    "严重滞后",
    "年度计划投资（万元）",
    "本年完成投资（万元）",
    "投资完成率",
    "本月提出问题",
    "本月解决问题",
    "超期问题",
]


def _wan(value) -> float:
    return round((value or 0) / 10_000, 2)


def _ratio(value):
    return None if value is None else round(value, 4)


def _overview_rows(data: dict) -> list:
    c, o, p = data["cohort"], data["overview"], data["problems"]
    d = data["document"]
    return [
        ("发文机关", d["issuer"]),
        ("文号", d["number"]),
        ("落款", d["signature"]),
        ("印发日期", d["issued_on"].isoformat()),
        ("通报月份", data["month"]),
        ("数据截至", data["asof"].isoformat()),
        (f"{data['start'].year}年签约项目（个）", c["signed"]),
        ("签约项目总投资", format_money(c["signed_investment"])),
        ("开工率", _ratio(c["start_rate"])),
        ("投产率", _ratio(c["production_rate"])),
        ("在库项目（个）", o["projects"]),
        ("滞后项目（个）", o["status"]["滞后"]),
        ("严重滞后项目（个）", o["status"]["严重滞后"]),
        ("年度计划投资（万元）", _wan(o["annual_plan"])),
        ("本年完成投资（万元）", _wan(o["year_investment"])),
        ("年度投资完成率", _ratio(o["completion"])),
        ("本月提出问题（个）", p["raised"]),
        ("本月解决问题（个）", p["solved"]),
        ("超期问题（个）", data["overdue"]["count"]),
    ]


def _dept_row(d: dict) -> list:
    return [
        d["name"],
        d["projects"],
        d["lagging"],
        d["severe"],
        _wan(d["annual_plan"]),
        _wan(d["year_investment"]),
        _ratio(d["completion"]),
        d["raised"],
        d["solved"],
        d["overdue"],
    ]


def _ranking_rows(data: dict) -> list:
    rows = []
    for block in data["rankings"]:
        for r in block["all"]:
            flag = "红榜" if r["red"] else "黑榜" if r["black"] else ("豁免" if r["exempt"] else "")
            rows.append([block["series"], r["rank"], r["unit"], r["score"], flag])
    return rows


def _overdue_rows(data: dict) -> list:
    keys = ("code", "description", "project", "department", "severity", "deadline", "days")
    return [[p[k] for k in keys] for p in data["overdue"]["items"]]


def _policy_rows(data: dict) -> list:
    from gaoxin.core.money import from_fen

    p = data["policies"]
    rows = [[p_["code"], p_["name"], p_["count"], from_fen(p_["fen"])] for p_ in p["policies"]]
    rows.append(["合计", f"本月拨付 {p['month_count']} 笔", p["year_count"], from_fen(p["year_fen"])])
    return rows
