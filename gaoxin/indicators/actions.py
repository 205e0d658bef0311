"""State changes of the monitoring app: indicators, targets and observations (imports, derived counts).

Every write goes through here, with its change rows and an event, in one transaction. A changed
observation is a revision: the current row is kept (``is_current=False``) and a new row takes its place.
"""

from __future__ import annotations

from django.db import transaction

from gaoxin.core.actions import change_row, emit_event, require
from gaoxin.core.models import ObjectChange
from gaoxin.core.models.changelog import ChangeAction

from .models import Indicator, Observation, Target

INDICATOR_FIELDS = [
    "name", "unit", "kind", "frequency", "definition", "department", "price_basis", "formula",
    "rank_by", "higher_is_better", "alert_yoy_below", "alert_value_below",
]  # fmt: skip
FIGURES = ["month_value", "cumulative_value", "prior_cumulative", "reported_yoy"]


def _upsert(model, objects: list, fields: list[str], actor) -> tuple[int, int, int]:
    """Create the new objects and update the changed existing ones (same pk), with change rows."""
    new = [o for o in objects if o.pk is None]
    old = [o for o in objects if o.pk is not None]
    before = {o.pk: o.snapshot() for o in model.objects.filter(pk__in=[o.pk for o in old])}
    changed = [
        o for o in old if {f: before[o.pk].get(f) for f in fields} != {f: o.snapshot().get(f) for f in fields}
    ]
    for o in changed:
        o.version += 1
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(changed, [*fields, "version"], batch_size=500)
    rows = [change_row(o, ChangeAction.CREATE, None, o.snapshot(), actor) for o in new]
    rows += [change_row(o, ChangeAction.UPDATE, before[o.pk], o.snapshot(), actor) for o in changed]
    ObjectChange.objects.bulk_create(rows, batch_size=500)
    return len(new), len(changed), len(old) - len(changed)


@transaction.atomic
def save_indicators(indicators: list[Indicator], actor) -> tuple[int, int, int]:
    """(created, updated, unchanged) for indicators validated by the import or the form."""
    require(actor, "indicators.import", "您没有维护经济运行数据的权限")
    return _upsert(Indicator, indicators, INDICATOR_FIELDS, actor)


@transaction.atomic
def save_targets(targets: list[Target], actor, source_file: str = "") -> tuple[int, int, int]:
    require(actor, "indicators.import", "您没有维护经济运行数据的权限")
    for t in targets:
        t.source_file = t.source_file or source_file
    return _upsert(Target, targets, ["value", "source_file", "source_row"], actor)


def _same(a: Observation, b: Observation) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in FIGURES)


@transaction.atomic
def record_observations(observations: list[Observation], actor, batch=None) -> tuple[int, int, int]:
    """Store reported figures: new periods are created, changed ones revised (history kept), identical
    ones left alone. Returns (created, revised, unchanged)."""
    require(actor, "indicators.import", "您没有维护经济运行数据的权限")
    keys = {(o.indicator_id, o.unit_id, o.period) for o in observations}
    current = {
        (o.indicator_id, o.unit_id, o.period): o
        for o in Observation.objects.filter(
            is_current=True,
            indicator_id__in={k[0] for k in keys},
            period__in={k[2] for k in keys},
        )
    }
    new, revised, superseded, unchanged = [], [], [], 0
    for o in observations:
        o.batch = batch
        old = current.get((o.indicator_id, o.unit_id, o.period))
        if old is not None and _same(old, o):
            unchanged += 1
            continue
        if old is not None:
            old.is_current, old.version = False, old.version + 1
            o.revision = old.revision + 1
            superseded.append(old)
            revised.append((old, o))
        new.append(o)
    Observation.objects.bulk_update(superseded, ["is_current", "version"], batch_size=500)
    for o in new:
        o.fill_period()
    Observation.objects.bulk_create(new, batch_size=500)
    revisions = {id(o) for _, o in revised}
    rows = [
        change_row(o, ChangeAction.CREATE, None, o.snapshot(), actor) for o in new if id(o) not in revisions
    ]
    rows += [change_row(o, ChangeAction.UPDATE, old.snapshot(), o.snapshot(), actor) for old, o in revised]
    ObjectChange.objects.bulk_create(rows, batch_size=500)
    for old, o in revised:
        emit_event(
            o.indicator,
            "indicators.revised",
            f"{o.unit.name} {o.period} 数据修订（第 {o.revision} 次）",
            actor,
            {"observation": o.pk, "replaces": old.pk},
        )
    return len(new) - len(revised), len(revised), unchanged


def refresh_derived(zone, year: int, actor) -> tuple[int, int, int]:
    """Count each 派生 indicator's enterprises for ``year`` (zone and every street/park) and store the
    counts as the annual period's observations; an unchanged count is left alone, a changed one revised."""
    from gaoxin.organization.choices import UnitKind
    from gaoxin.organization.models import Unit

    from .choices import IndicatorKind
    from .derived import SOURCE, counts_by_unit

    require(actor, "indicators.import", "您没有维护经济运行数据的权限")
    areas = list(
        Unit.objects.filter(
            zone=zone, level=2, kind__in=[UnitKind.SUBDISTRICT, UnitKind.TOWN, UnitKind.PARK]
        ).values_list("pk", flat=True)
    )
    observations = []
    for indicator in Indicator.objects.filter(zone=zone, kind=IndicatorKind.DERIVED):
        counts = counts_by_unit(indicator.formula, zone, year)
        source = SOURCE.format(formula=indicator.formula.strip(), year=year)[:255]
        for unit_id in {*areas, *counts}:
            observations.append(
                Observation(
                    indicator=indicator,
                    unit_id=unit_id,
                    period=str(year),
                    cumulative_value=counts.get(unit_id, 0),
                    source_file=source,
                )
            )
    return record_observations(observations, actor)
