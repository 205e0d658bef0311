"""ECharts options for the project pages (built server-side as JSON; gaoxin.js renders them)."""

from __future__ import annotations

import polars as pl

from .choices import LIFECYCLE, STATUS_COLOURS, Status
from .engine import annual_completion


def status_pie(frame: pl.DataFrame) -> dict:
    active = frame.filter(pl.col("stage") != "终止")
    counts = dict(active.group_by("status").len().iter_rows())
    data = [
        {"name": s.label, "value": counts.get(s.value, 0), "itemStyle": {"color": STATUS_COLOURS[s]}}
        for s in Status
    ]
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0},
        "series": [{"type": "pie", "radius": ["40%", "70%"], "data": data}],
    }


def stage_bar(frame: pl.DataFrame) -> dict:
    counts = dict(frame.group_by("stage").len().iter_rows())
    stages = [*LIFECYCLE, "终止"]
    return {
        "tooltip": {},
        "grid": {"left": 40, "right": 10, "top": 20, "bottom": 30},
        "xAxis": {"type": "category", "data": stages},
        "yAxis": {"type": "value"},
        "series": [
            {"type": "bar", "data": [counts.get(s, 0) for s in stages], "itemStyle": {"color": "#206bc4"}}
        ],
    }


def investment_totals(frame: pl.DataFrame) -> dict:
    """The dashboard's 年度投资进度: the bulletin's function and 口径 (engine.annual_completion)."""
    row = annual_completion(frame).row(0, named=True)
    return {
        "plan": row["annual_plan"], "done": row["year_investment"], "total": row["total_investment"],
        "ratio": row["completion"],
    }  # fmt: skip


def map_option(frame: pl.DataFrame, has_boundary: bool) -> dict:
    """Scatter of projects on lon/lat; over the uploaded zone boundary (registered as map 'zone') if any."""
    series = []
    for status in Status:
        part = frame.filter(pl.col("status") == status.value)
        points = [
            {
                "name": f"{r['code']} {r['name']}",
                "value": [r["longitude"], r["latitude"], r["stage"]],
                "id": r["id"],
            }
            for r in part.select("id", "code", "name", "longitude", "latitude", "stage").to_dicts()
        ]
        item = {"name": status.label, "type": "scatter", "data": points, "symbolSize": 10}
        item["itemStyle"] = {"color": STATUS_COLOURS[status]}
        item["coordinateSystem"] = "geo" if has_boundary else "cartesian2d"
        series.append(item)
    option = {"tooltip": {"trigger": "item"}, "legend": {"top": 0}, "series": series}
    if has_boundary:
        option["geo"] = {
            "map": "zone",
            "roam": True,
            "itemStyle": {"areaColor": "#eef3fa", "borderColor": "#6c7a91"},
        }
    else:
        option["xAxis"] = {"type": "value", "scale": True, "name": "经度"}
        option["yAxis"] = {"type": "value", "scale": True, "name": "纬度"}
    return option


def node_gantt(project) -> dict:
    """Rows = the project's nodes; each a planned window (previous node's date → this one) and actual."""
    rows, bars = [], []
    previous = project.signed_on
    for i, node in enumerate(project.nodes.all()):
        rows.append(node.name)
        start = previous or node.planned_on
        bars.append([i, start.isoformat(), node.planned_on.isoformat(), "计划", node.name])
        if node.actual_on:
            bars.append([i, start.isoformat(), node.actual_on.isoformat(), "实际", node.name])
        previous = node.planned_on
    return {"rows": rows, "bars": bars, "title": f"{project.code} {project.name}"}


GANTT_LABEL_CHARS = 18


def gantt_label(project) -> str:
    """Code first (what people look a project up by), the name shortened at the end, never the start."""
    label = f"{project.code} {project.name}"
    return label if len(label) <= GANTT_LABEL_CHARS else label[: GANTT_LABEL_CHARS - 1] + "…"


def project_gantt(projects) -> dict:
    """Rows = projects; planned window signed → planned production, actual signed → latest milestone."""
    rows, bars = [], []
    for i, p in enumerate(projects):
        rows.append(gantt_label(p))
        if not p.signed_on:
            continue
        end = p.production_planned_on or p.start_planned_on or p.signed_on
        bars.append([i, p.signed_on.isoformat(), end.isoformat(), "计划", f"{p.code} {p.name}"])
        reached = p.production_started_on or p.started_on or p.land_supplied_on
        if reached:
            bars.append([i, p.signed_on.isoformat(), reached.isoformat(), "实际", f"{p.code} {p.name}"])
    return {"rows": rows, "bars": bars, "title": "重点项目进度（签约 → 投产）"}
