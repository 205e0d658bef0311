"""The bulletin's and the 经济运行 report's blocks for the Word file (see wordfile.docx_bytes)."""

from __future__ import annotations

from gaoxin.core.money import format_money, from_fen

from . import economy
from .official import document_parts
from .wordfile import docx_bytes


def _percent(value) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def _overview(data: dict) -> str:
    c, o, p = data["cohort"], data["overview"], data["problems"]
    return (
        f"{data['start'].year}年签约项目 {c['signed']} 个，总投资 {format_money(c['signed_investment'])}；"
        f"开工率 {_percent(c['start_rate'])}，投产率 {_percent(c['production_rate'])}。"
        f"全区在库重点项目 {o['projects']} 个，其中滞后 {o['status']['滞后']} 个、严重滞后 {o['status']['严重滞后']} 个；"
        f"年度投资完成率 {_percent(o['completion'])}。本月提出问题 {p['raised']} 个，解决 {p['solved']} 个，"
        f"截至月末超期未解决 {data['overdue']['count']} 个。"
    )


def _rankings(data: dict) -> list[tuple]:
    blocks = []
    for block in data["rankings"]:
        red = "、".join(r["unit"] for r in block["red"]) or "无"
        black = "、".join(r["unit"] for r in block["black"]) or "无"
        note = "" if block["published"] else "（本期榜单尚未发布，以下为测算结果）"
        blocks.append(("p", f"{block['series']}序列{note}：红榜 {red}；黑榜 {black}。"))
    return blocks


def _departments(data: dict) -> tuple:
    headers = [
        "责任单位",
        "在库项目",
        "滞后",
        "严重滞后",
        "年度计划投资",
        "本年完成投资",
        "完成率",
        "本月提出问题",
        "超期",
    ]
    rows = [
        [
            d["name"],
            d["projects"],
            d["lagging"],
            d["severe"],
            format_money(d["annual_plan"]),
            format_money(d["year_investment"]),
            _percent(d["completion"]),
            d["raised"],
            d["overdue"],
        ]
        for d in data["departments"]
    ]
    return ("table", headers, rows)


def _policies(data: dict) -> list[tuple]:
    p = data["policies"]
    text = (
        f"本月拨付政策资金 {p['month_count']} 笔、{from_fen(p['month_fen'])} 元；本年累计兑现 {p['year_count']} 笔、"
        f"{from_fen(p['year_fen'])} 元，惠及企业 {p['year_enterprises']} 家；待办理 {p['pending']} 笔。"
    )
    rows = [[x["code"], x["name"], x["count"], from_fen(x["fen"])] for x in p["policies"]]
    return [("p", text), ("table", ["政策编号", "政策名称", "本年兑现笔数", "本年兑现金额（元）"], rows)]


def economy_blocks(data: dict) -> list[tuple]:
    if not data["indicators"]:
        return [("p", "本月尚无经济运行数据。")]
    return [("p", s) for s in economy.sentences(data)] + [("table", economy.HEADERS, economy.rows(data))]


def monthly_docx(data: dict) -> bytes:
    overdue = [
        [x["code"], x["description"], x["department"], x["deadline"], x["days"]]
        for x in data["overdue"]["items"]
    ]
    blocks = [
        ("h", "一、总体情况"),
        ("p", _overview(data)),
        ("h", "二、红黑榜"),
        *_rankings(data),
        ("h", "三、分单位推进情况"),
        _departments(data),
        ("h", "四、超期未解决问题"),
        ("table", ["问题编号", "问题描述", "牵头部门", "办理时限", "超期天数"], overdue),
        ("h", "五、政策兑现情况"),
        *_policies(data),
        ("h", "六、经济运行情况"),
        *economy_blocks(data["economy"]),
    ]
    return docx_bytes(data["document"], data["title"], blocks)


def economy_docx(zone, month_first, data: dict, issued_on=None) -> bytes:
    """The 经济运行 report (``gaoxin indicators report --out FILE.docx``) as its own 公文."""
    parts = document_parts(zone, month_first, "economy", issued_on)
    title = f"{data['unit']}经济运行情况（{month_first.year}年{month_first.month}月）"
    return docx_bytes(parts, title, economy_blocks(data))
