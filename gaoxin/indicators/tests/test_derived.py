"""派生 indicators: a rule-language condition over the registry, counted per street/park and for the zone."""

import random
from decimal import Decimal

import pytest

from gaoxin.core.context import Actor
from gaoxin.indicators import actions
from gaoxin.indicators.models import Indicator, Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(org, users):
    from gaoxin.registry.demo import populate
    from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS

    units = [u for u in org.units.values() if u.kind in ENTERPRISE_UNIT_KINDS and u.level == 2]
    return populate(random.Random(7), 30, units, [users.liaison1], org.today)


def expected(year: int, threshold: Decimal) -> dict:
    """The counts worked out the slow way, enterprise by enterprise (the figures as stored)."""
    from gaoxin.registry.models import EnterpriseYear

    counts = {}
    for row in EnterpriseYear.objects.filter(year=year).select_related("enterprise__unit"):
        if row.main_business_revenue is None or row.other_business_revenue is None:
            continue
        if row.main_business_revenue + row.other_business_revenue >= threshold:
            area = row.enterprise.unit.path[:14]
            counts[area] = counts.get(area, 0) + 1
    return counts


def test_count_of_enterprises_over_a_threshold(org, registry):
    year = org.today.year - 1
    threshold = Decimal(50_000_000)
    Indicator.objects.create(
        zone=org.zone, code="PS01", name="营收超5000万元企业数", unit="家", kind="派生", frequency="年",
        formula="sales_revenue[y] >= 5000万元",
    )  # fmt: skip
    created, revised, unchanged = actions.refresh_derived(org.zone, year, Actor.system())
    stored = {o.unit.path: o.cumulative_value for o in Observation.objects.select_related("unit")}
    want = expected(year, threshold)
    assert sum(want.values()) > 0  # the sample has some, so the test can tell a count from zero
    root = next(p for p in stored if len(p) == 7)
    assert stored[root] == sum(want.values())
    for path, count in stored.items():
        if path != root:
            assert count == want.get(path, 0), path
    assert created == len(stored) and (revised, unchanged) == (0, 0)
    assert actions.refresh_derived(org.zone, year, Actor.system()) == (0, 0, len(stored))
    source = Observation.objects.first().source_file
    assert source == f"派生：sales_revenue[y] >= 5000万元（企业库 {year} 年数据）"


def test_formula_is_checked_by_the_rule_language(org):
    from django.core.exceptions import ValidationError

    bad = Indicator(
        zone=org.zone,
        code="PS02",
        name="x",
        unit="家",
        kind="派生",
        frequency="年",
        formula="sales_revenue[y] + 1万元",
    )
    with pytest.raises(ValidationError, match="派生公式应为“是/否”条件"):
        bad.full_clean()
