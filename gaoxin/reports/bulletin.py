"""The monthly bulletin (月通报): the figures of one month, as they stood at its end, for PDF and xlsx."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import Q
from django.utils import timezone

from gaoxin.organization.models import Unit
from gaoxin.policies.stats import bulletin_section as policy_section
from gaoxin.problems.models import Problem
from gaoxin.problems.stats import by_department, problem_frame, totals
from gaoxin.projects.actions import ranking
from gaoxin.projects.engine import annual_completion
from gaoxin.projects.frames import status_frame
from gaoxin.projects.models import Project
from gaoxin.projects.periods import month_end
from gaoxin.projects.stats import DEFINITIONS, cohort_stats

from . import economy
from .official import document_parts

OVERDUE_LIMIT = 50


def parse_month(text: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.date.fromisoformat(f"{text}-01")
    except (TypeError, ValueError):
        raise ValueError(f"月份格式不正确：{text}（应为 YYYY-MM，如 2026-05）")
    return first, month_end(first)


def monthly(zone, month: str, projects=None, problems=None, issued_on: dt.date | None = None) -> dict:
    """Everything the bulletin shows. ``projects``/``problems``: the reader's scoped querysets."""
    start, end = parse_month(month)
    asof = min(end, timezone.localdate())
    projects = Project.objects.filter(zone=zone) if projects is None else projects
    problems = Problem.objects.filter(zone=zone) if problems is None else problems
    # One as-of pass over the zone's nodes and reports: the reader's rows are a filter of it, and the
    # (zone-wide) ranking reuses it when the month has ended.
    whole = status_frame(Project.objects.filter(zone=zone), zone, asof)
    mine = list(projects.values_list("pk", flat=True))
    frame = whole.filter(pl.col("id").is_in(mine) & (pl.col("signed_on") <= asof))
    whole = whole if asof == end else None
    issues = problem_frame(problems, start, end)
    return {
        "zone": zone,
        "month": month,
        "title": f"{zone.short_name or zone.name}重点项目推进情况通报（{start:%Y年%-m月}）",
        "start": start,
        "end": end,
        "asof": asof,
        "cohort": cohort_stats(zone, start.year, asof, frame=frame),
        "definitions": DEFINITIONS,
        "overview": _overview(frame),
        "departments": _departments(frame, problems, start, end, issues),
        "problems": totals(problems, start, end, issues),
        "overdue": _overdue(problems, asof),
        "rankings": [_ranking(zone, month, series, whole) for series in ("department", "area")],
        "policies": policy_section(start, asof),
        "economy": economy.section(zone, month),
        "document": document_parts(zone, start, "monthly", issued_on),
    }


def _overview(frame: pl.DataFrame) -> dict:
    active = frame.filter(pl.col("stage") != "终止")
    counts = dict(active.group_by("status").len().iter_rows())
    stages = dict(frame.group_by("stage").len().iter_rows())
    invest = annual_completion(frame).row(0, named=True)  # the dashboard's function and 口径
    return {
        "projects": active.height,
        "status": {s: counts.get(s, 0) for s in ("正常", "滞后", "严重滞后")},
        "stages": stages,
        "annual_plan": invest["annual_plan"],
        "year_investment": invest["year_investment"],
        "completion": invest["completion"],
    }


def _departments(frame: pl.DataFrame, problems, start, end, issues) -> list[dict]:
    """Per responsible unit: projects, lagging ones, investment and the problems it leads."""
    table = (
        frame.filter(pl.col("stage") != "终止")
        .group_by("department_id")
        .agg(
            pl.len().alias("projects"),
            (pl.col("status") != "正常").sum().alias("lagging"),
            (pl.col("status") == "严重滞后").sum().alias("severe"),
        )
        .join(
            annual_completion(frame, by="department_id").drop("total_investment"),
            on="department_id",
            how="left",
            nulls_equal=True,
        )
    )
    issues = {r["lead_department_id"]: r for r in by_department(problems, start, end, issues)}
    ids = set(table["department_id"].drop_nulls().to_list()) | set(issues)
    names = {u.pk: u.name for u in Unit.objects.filter(pk__in=ids)}
    rows = {r["department_id"]: r for r in table.to_dicts()}
    out = []
    for pk in sorted(ids, key=lambda i: names.get(i, "")):
        row = rows.get(pk, {"projects": 0, "lagging": 0, "severe": 0, "annual_plan": 0, "year_investment": 0})
        p = issues.get(pk, {})
        out.append(
            {
                "name": names.get(pk, "（未指定）"),
                **row,
                "completion": row.get("completion"),
                "raised": p.get("raised", 0),
                "solved": p.get("solved", 0),
                "overdue": p.get("overdue", 0),
            }
        )
    return out


def _overdue(problems, asof: dt.date) -> dict:
    qs = problems.filter(raised_on__lte=asof, deadline__lt=asof).exclude(state="returned")
    qs = qs.filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=asof))
    rows = qs.select_related("lead_department", "project").order_by("deadline")[:OVERDUE_LIMIT]
    items = [
        {
            "code": p.code,
            "description": p.description,
            "project": p.project.name if p.project_id else "",
            "department": p.lead_department.name,
            "severity": p.severity,
            "deadline": p.deadline,
            "days": (asof - p.deadline).days,
        }
        for p in rows
    ]
    return {"count": qs.count(), "items": items}


def _ranking(zone, month: str, series: str, frame) -> dict:
    snapshot = ranking.published(zone, "monthly", month, series)
    results = (
        snapshot.results if snapshot else ranking.compute(zone, "monthly", month, series, frame)["results"]
    )
    label = "部门" if series == "department" else "街道/园区"
    return {
        "series": label,
        "published": snapshot is not None,
        "red": [r for r in results if r["red"]],
        "black": [r for r in results if r["black"]],
        "all": results,
    }
