"""The counts zones publish: problems raised / solved / overdue by department and period, average days
to solve and satisfaction — one query, then Polars."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import Q
from django.utils import timezone

from gaoxin.organization.models import Unit

from .choices import OPEN_STATES
from .scopes import scoped_problems

COLUMNS = ["lead_department_id", "state", "raised_on", "deadline", "resolved_on", "rating"]
SCHEMA = {
    "lead_department_id": pl.Int64,
    "state": pl.Utf8,
    "raised_on": pl.Date,
    "deadline": pl.Date,
    "resolved_on": pl.Date,
    "rating": pl.Int64,
}


def problem_frame(qs, start: dt.date, end: dt.date) -> pl.DataFrame:
    """The problems that can count in [start, end]: raised by its end and not solved before its start."""
    from gaoxin.projects.frames import fetch_frame

    qs = qs.filter(Q(resolved_on__isnull=True) | Q(resolved_on__gte=start), raised_on__lte=end)
    return fetch_frame(qs.order_by(), COLUMNS, SCHEMA)


def summarise(frame: pl.DataFrame, start: dt.date, end: dt.date, by: str | None = None) -> pl.DataFrame:
    """raised / solved in [start, end]; overdue = open past its deadline at ``end`` or solved late in the
    period; avg_days = mean days from raising to solving (solved in the period); satisfaction = mean
    rating (1–5) and the share of ratings ≥ 4."""
    in_period = lambda col: pl.col(col).is_between(start, end)  # noqa: E731
    open_at_end = pl.col("raised_on").le(end) & (
        pl.col("resolved_on").is_null() | pl.col("resolved_on").gt(end)
    )
    open_at_end = open_at_end & ~pl.col("state").is_in(["returned"])
    solved = in_period("resolved_on")
    aggs = [
        in_period("raised_on").sum().alias("raised"),
        solved.sum().alias("solved"),
        ((open_at_end & pl.col("deadline").lt(end)) | (solved & pl.col("resolved_on").gt(pl.col("deadline"))))
        .sum()
        .alias("overdue"),
        (pl.col("resolved_on") - pl.col("raised_on")).dt.total_days().filter(solved).mean().alias("avg_days"),
        pl.col("rating").filter(solved).mean().alias("satisfaction"),
        (pl.col("rating").filter(solved) >= 4).mean().alias("satisfied_share"),
    ]
    return frame.group_by(by, maintain_order=True).agg(aggs) if by else frame.select(aggs)


def by_department(qs, start: dt.date, end: dt.date, frame=None) -> list[dict]:
    frame = problem_frame(qs, start, end) if frame is None else frame
    table = summarise(frame, start, end, by="lead_department_id").sort("raised", descending=True)
    names = dict(Unit.objects.filter(pk__in=table["lead_department_id"].to_list()).values_list("pk", "name"))
    return [{**r, "name": names.get(r["lead_department_id"], "")} for r in table.to_dicts()]


def totals(qs, start: dt.date, end: dt.date, frame=None) -> dict:
    frame = problem_frame(qs, start, end) if frame is None else frame
    return summarise(frame, start, end).row(0, named=True)


def overdue_count(user, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return scoped_problems(user).filter(state__in=OPEN_STATES, deadline__lt=today).count()
