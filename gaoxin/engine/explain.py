"""Chinese explanations for one enterprise, and the wide CLI table."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from gaoxin.engine.units import format_fen

MARK = {"符合": "✔", "不符合": "✘", "数据不足": "？"}


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "比例":
        return f"{value * 100:.2f}%"
    if unit == "元":
        return format_fen(round(value * 100))
    if unit == "亿美元":
        return f"{value:g}亿美元"
    return f"{value:,.6g}{unit}" if unit else f"{value:,.6g}"


def format_gap(gap, steps: int) -> str:
    """A gap of ``steps`` quanta of the gap input, in Chinese natural units."""
    if gap.unit == "money":
        amount = format_fen(steps, up=True)
    elif gap.unit in ("ratio", "lit"):
        amount = f"{Decimal(steps) / 10_000:.2f}".rstrip("0").rstrip(".") + " 个百分点"
    elif gap.unit == "usd100m":
        amount = f"{Decimal(steps) / 10_000}亿美元"
    else:
        amount = f"{steps} {gap.unit_label}".rstrip()
    verb = "还差 " if gap.direction > 0 else "还需减少 "
    return f"{gap.label}{verb}{amount}"


def _criterion_line(row: dict, criterion) -> str:
    parts = [f"  {MARK[row['verdict']]} {row['verdict']}  {criterion.id} {criterion.name}"]
    detail = []
    if row["value"] is not None or row["threshold"] is not None:
        detail.append(
            f"实际 {format_value(row['value'], criterion.unit)}，标准 {format_value(row['threshold'], criterion.unit)}"
        )
    if row["gap_text"]:
        detail.append(row["gap_text"])
    if row["missing"]:
        detail.append(f"缺少数据：{row['missing']}")
    if detail:
        parts.append("：" + "；".join(detail))
    parts.append(f"。依据：{criterion.doc_ref or '—'}")
    if criterion.unverified:
        parts.append(f"（依据未经官方文本核实：{criterion.unverified}）")
    if criterion.note:
        parts.append(f"（说明：{criterion.note}）")
    return "".join(parts)


def explain(assessment, uscc: str) -> str:
    """The assessment of one enterprise as a Chinese text, criterion by criterion."""
    from gaoxin.engine.breakdown import breakdown

    assessment = assessment.subset([uscc])
    results, criteria = assessment.results, assessment.criteria
    items = breakdown(assessment, uscc)
    lines = [
        f"统一社会信用代码 {uscc}　{assessment.year} 年度资质评估（评估基准日 {assessment.as_of:%Y年%m月%d日}）"
    ]
    for plan in assessment.plans:
        result = results.filter(pl.col("rule") == plan.rule.id).to_dicts()[0]
        head = f"【{plan.rule.name}】（{plan.rule.version} 版）结论：{result['verdict']}"
        if result["score_min"] is not None:
            span = (
                f"{result['score']} 分"
                if result["score"] is not None
                else f"{result['score_min']}–{result['score_max']} 分（区间）"
            )
            head += f"；得分 {span}"
        if result["missing"]:
            head += f"；缺少数据：{result['missing']}"
        lines.append(head)
        rows = {row["criterion"]: row for row in criteria.filter(pl.col("rule") == plan.rule.id).to_dicts()}
        for criterion in plan.rule.criteria:
            lines.append(_criterion_line(rows[criterion.id], criterion))
        lines += [_item_line(it) for it in items if it["rule"] == plan.rule.id]
    return "\n".join(lines)


def _item_line(it: dict) -> str:
    pts = f"{it['lo']} 分" if it["lo"] == it["hi"] else f"{it['lo']}–{it['hi']} 分"
    text = f"    · {it['part']}／{it['item']}：{pts}（满分 {it['max']}）"
    if it.get("band"):
        text += f"，档次 {it['band']}"
    if it.get("next_text"):
        lo, hi = it["next_points"]
        text += f"；升至上一档（{lo if lo == hi else f'{lo}–{hi}'} 分）：{it['next_text']}"
    return text


def cli_table(assessment) -> pl.DataFrame:
    """One row per enterprise × rule: 统一社会信用代码, 资质, 结论, 得分, then <criterion>.结论/.值/.阈值/.差距
    (money gaps in 元 as exact decimals, counts as integers, ratio gaps in percentage points), then
    得分下限, 得分上限, 缺少数据."""
    from gaoxin.engine.tables import stacked

    return stacked(assessment)
