"""Demo key projects: ~120 projects signed over the last three years, with node plans, weekly dispatch
reports, a zone boundary for the map, and the last two months' published 红黑榜."""

from __future__ import annotations

import datetime as dt

from gaoxin.core.context import Actor
from gaoxin.organization.models import Unit

from .actions import ranking
from .models import ZoneMap
from .synthetic import populate

PROJECTS = 120
RESPONSIBLE = ["经济发展局", "招商合作局", "科技创新局", "规划建设局", "东湖街道", "南山街道", "凤凰镇"]
RESPONSIBLE += ["智能制造产业园", "生物医药产业园", "软件与信息服务产业园"]


def boundary() -> dict:
    ring = [
        [114.31, 30.41],
        [114.49, 30.41],
        [114.50, 30.50],
        [114.46, 30.555],
        [114.33, 30.55],
        [114.31, 30.41],
    ]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "江城高新区"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }


def build(ctx) -> None:
    units = [ctx.units[n] for n in RESPONSIBLE if n in ctx.units] or list(
        Unit.objects.filter(zone=ctx.zone, level=2)
    )
    leaders = ctx.people.get("leader", [])
    liaisons = ctx.people.get("liaison", [])
    actor = Actor.system("演示数据")
    owners = ctx.data.get("enterprises", [])[:400]
    projects = populate(
        ctx.rng, PROJECTS, ctx.zone, units, leaders, liaisons, ctx.today, owners, weeks=60, actor=actor
    )
    ZoneMap.objects.create(zone=ctx.zone, geojson=boundary())
    ctx.data["projects"] = projects
    ctx.progress(f"重点项目 {len(projects)} 个（含节点计划与每周调度）")
    leader = Actor(user=leaders[0], source="cli") if leaders else actor
    first = ctx.today.replace(day=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    for month in ((previous - dt.timedelta(days=1)).replace(day=1), previous):
        for series in ("department", "area"):
            ranking.publish(ctx.zone, "monthly", f"{month:%Y-%m}", series, leader)
    if len(units) > 4:
        ranking.exempt(units[4], f"{first:%Y-%m}", "受持续强降雨影响，项目停工两周", leader)
