"""ECharts options for the 经济运行 pages (JSON built server-side; gaoxin.js renders them).

Percentages are sent as numbers with two decimals (already rounded half-up from the exact fractions),
so a tooltip reads 68.09, never 68.08888571.
"""

from __future__ import annotations

from decimal import Decimal


def _pct(fraction: Decimal | None) -> float | None:
    return None if fraction is None else float((fraction * 100).quantize(Decimal("0.01")))


def bullet(items: list[dict]) -> dict:
    """完成率 as bars against 序时进度 as a marker, one row per indicator that has a target."""
    rows = [i for i in items if i["completion"] is not None]
    names = [i["name"] for i in rows]
    bars = [
        {
            "value": _pct(i["completion"]),
            "itemStyle": {"color": "#2fb344" if (i["ahead"] is None or i["ahead"] >= 0) else "#d63939"},
        }
        for i in rows
    ]
    marks = [[_pct(i["schedule"]), i["name"]] for i in rows if i["schedule"] is not None]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": ["完成率（%）", "序时进度（%）"], "bottom": 0},
        "grid": {"left": 150, "right": 40, "top": 10, "bottom": 40},
        "xAxis": {
            "type": "value",
            "max": max([100, *[b["value"] for b in bars]]),
            "axisLabel": {"formatter": "{value}%"},
        },
        "yAxis": {"type": "category", "data": names, "inverse": True},
        "series": [
            {
                "name": "完成率（%）",
                "type": "bar",
                "barWidth": 14,
                "data": bars,
                "label": {"show": True, "position": "right", "formatter": "{c}%"},
            },
            {
                "name": "序时进度（%）",
                "type": "scatter",
                "symbol": "rect",
                "symbolSize": [4, 26],
                "itemStyle": {"color": "#182433"},
                "data": marks,
            },
        ],
    }


def trend(indicator, rows: list[dict]) -> dict:
    """The year so far: 当月 (bars) and 同比 (line, right axis) by period."""
    periods = [r["period"] for r in rows]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [f"当月值（{indicator.unit}）", "累计同比（%）"], "bottom": 0},
        "grid": {"left": 60, "right": 60, "top": 20, "bottom": 50},
        "xAxis": {"type": "category", "data": periods},
        "yAxis": [{"type": "value", "name": indicator.unit}, {"type": "value", "name": "%"}],
        "series": [
            {"name": f"当月值（{indicator.unit}）", "type": "bar", "data": [_num(r["month"]) for r in rows]},
            {
                "name": "累计同比（%）",
                "type": "line",
                "yAxisIndex": 1,
                "data": [_pct(r["yoy"]) for r in rows],
            },
        ],
    }


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
