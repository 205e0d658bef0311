"""Which indicators need the leader's attention (rule 7): below their alert line, or behind 序时进度 by
more than the zone setting ``indicators_behind_points`` (default 5 个百分点)."""

from __future__ import annotations

from django.db.models import Max

from .periods import Period
from .report import Scope, report


def latest_month(scope: Scope) -> Period | None:
    """The latest month with any monthly figure in the reader's scope."""
    found = scope.observations.filter(indicator__frequency="月").aggregate(year=Max("year"))
    if found["year"] is None:
        return None
    months = scope.observations.filter(indicator__frequency="月", year=found["year"]).aggregate(
        m=Max("months")
    )["m"]
    return Period(found["year"], months, "月")


def zone_alerts(scope: Scope, month: Period) -> list[tuple[int, str]]:
    """(indicator id, Chinese sentence) for the zone's figures of ``month``."""
    data = report(scope, month.code)
    ids = dict(scope.indicators.values_list("code", "pk"))
    out = []
    for item in data["indicators"]:
        for alert in item["alerts"]:
            out.append((ids[item["code"]], f"{item['name']}：{alert}（{month.label}）"))
    return out
