"""开工率, 投产率 and investment completion by year cohort, overall and by department/leader/type/level.

Definitions (shown on the page, docs/projects.md):
- cohort: projects signed (签约) in the year;
- 开工率 = projects of the cohort started (under construction or in production) ÷ projects signed;
- 投产率 = projects of the cohort in production ÷ projects signed;
- 年度投资完成率 = investment completed this year ÷ annual planned investment.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.utils import timezone

from gaoxin.organization.models import Unit, User

from .engine import ANNUAL_COMPLETION_BASIS, annual_completion, cohort_rates
from .frames import project_frame
from .models import Project

DEFINITIONS = {
    "开工率": "本年度签约项目中已开工（在建或已投产）的项目数 ÷ 本年度签约项目数",
    "投产率": "本年度签约项目中已投产（含达产）的项目数 ÷ 本年度签约项目数",
    "年度投资完成率": ANNUAL_COMPLETION_BASIS,
    "签约项目年度投资完成率": "本年度签约项目本年度已完成投资 ÷ 其年度计划投资",
}
GROUPS = {
    "department": ("department_id", "责任部门"),
    "leader": ("leader_id", "包抓领导"),
    "type": ("type", "项目类型"),
    "level": ("level", "重点级别"),
}
KEYS = ["signed", "started", "in_production", "start_rate", "production_rate"]


def cohort_frame(zone, year: int, asof: dt.date | None = None, qs=None, frame=None) -> pl.DataFrame:
    """The cohort's rows: from ``frame`` (all projects, already loaded) or loaded from ``qs``."""
    if frame is None:
        qs = qs if qs is not None else Project.objects.filter(zone=zone)
        frame = project_frame(qs.filter(signed_on__year=year), asof or timezone.localdate())
    return frame.filter(pl.col("signed_on").dt.year() == year)


def cohort_stats(zone, year: int, asof: dt.date | None = None, qs=None, frame=None) -> dict:
    """The figures of ``gaoxin projects stats --year``: rates as fractions, money in 元."""
    row = cohort_rates(cohort_frame(zone, year, asof, qs, frame)).row(0, named=True)
    return {
        "year": year,
        **{k: row[k] for k in KEYS},
        "signed_investment": round(row["signed_investment"], 2),
        "annual_plan": round(row["annual_plan"], 2),
        "year_investment": round(row["year_investment"], 2),
        "investment_completion": row["investment_completion"],
    }


def command_stats(zone, year: int) -> dict:
    """``gaoxin projects stats``: the cohort's figures and the in-stock 年度投资完成率, loaded once and on
    the dashboard page's basis (the whole zone's projects, today's stages and this year's investment)."""
    frame = project_frame(Project.objects.filter(zone=zone))
    row = annual_completion(frame).row(0, named=True)
    in_stock = {k: round(v, 2) if k != "completion" else v for k, v in row.items()}
    return {**cohort_stats(zone, year, frame=frame), "in_stock": in_stock}


def breakdown(zone, year: int, by: str, asof: dt.date | None = None, qs=None, frame=None) -> list[dict]:
    """The cohort's rates per department, leader, type or level, with display names."""
    column, _ = GROUPS[by]
    cohort = cohort_frame(zone, year, asof, qs, frame)
    rates = cohort_rates(cohort, by=column).sort("signed", descending=True)
    names = _names(by, rates[column].to_list())
    return [{**row, "name": names.get(row[column], row[column] or "（未指定）")} for row in rates.to_dicts()]


def _names(by: str, keys: list) -> dict:
    ids = [k for k in keys if k is not None]
    if by == "department":
        return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    if by == "leader":
        return {u.pk: u.display_name for u in User.objects.filter(pk__in=ids)}
    return {}
