"""Demo step: the zone's 经济运行 indicators, this year's targets (市 and 园区) and monthly figures of
the zone and its streets/parks up to last month, with last year's same-period bases; the derived count
of enterprises with 营业收入 ≥ 10亿元 from the demo registry."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from gaoxin.core.context import Actor
from gaoxin.organization.choices import UnitKind
from gaoxin.organization.models import Unit

from . import actions
from .lookups import zone_unit
from .models import Indicator, Observation, Target

CENT = Decimal("0.01")
#: code, name, unit, kind, basis, department, zone annual base last year (None: not a sum), target growth
INDICATORS = [
    ("GX01", "规模以上工业总产值", "亿元", "流量", "现价", "经济发展局", Decimal("1186.40"), Decimal("0.10")),
    ("GX02", "规模以上工业增加值", "亿元", "流量", "可比价", "经济发展局", Decimal("296.60"), None),
    ("GX03", "固定资产投资", "亿元", "流量", "现价", "经济发展局", Decimal("412.30"), Decimal("0.08")),
    ("GX04", "招商引资到位资金", "亿元", "流量", "现价", "招商局", Decimal("268.50"), Decimal("0.12")),
    ("GX05", "外贸进出口总额", "亿元", "流量", "现价", "经济发展局", Decimal("173.80"), Decimal("0.09")),
    ("GX06", "一般公共预算收入", "亿元", "流量", "现价", "财政局", Decimal("58.20"), Decimal("0.06")),
    ("GX07", "高新技术产业增加值占规上工业增加值比重", "%", "比率", "现价", "科技局", None, None),
    ("GX08", "规模以上工业企业数", "个", "存量", "现价", "经济发展局", Decimal("386"), Decimal("0.09")),
]
DERIVED = ("GX09", "营业收入超10亿元企业数", "sales_revenue[y] >= 10亿元")
#: the share of the year's total reached by the end of each month (a light seasonal curve)
WEIGHTS = [5, 6, 8, 8, 8, 9, 8, 8, 9, 9, 10, 12]


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def build(ctx):
    zone = ctx.zone
    root = zone_unit(zone)
    areas = list(
        Unit.objects.filter(
            zone=zone, level=2, kind__in=[UnitKind.SUBDISTRICT, UnitKind.TOWN, UnitKind.PARK]
        ).order_by("path")
    )
    if root is None or not areas:
        return
    year, last_month = (
        (ctx.today.year, ctx.today.month - 1) if ctx.today.month > 1 else (ctx.today.year - 1, 12)
    )
    actor = Actor.system("demo")
    indicators = _indicators(zone)
    shares = _shares(ctx.rng, len(areas))
    observations, targets = [], []
    for spec, indicator in zip(INDICATORS, indicators, strict=False):
        code, _, unit, kind, basis, _, base, target_growth = spec
        growth = [Decimal(ctx.rng.randint(-40, 220)) / 1000 for _ in areas]
        if kind == "比率":
            observations += _rates(ctx.rng, indicator, root, areas, year, last_month)
            continue
        if kind == "存量":
            observations += _levels(indicator, root, areas, shares, base, growth, year, last_month)
        else:
            observations += _flows(indicator, root, areas, shares, base, growth, year, last_month, basis)
        if target_growth is not None:
            targets += _targets(indicator, root, areas, shares, base, target_growth, year, unit)
    actions.save_targets(targets, actor, "演示数据")
    actions.record_observations(observations, actor)
    actions.refresh_derived(zone, ctx.today.year - 1, actor)
    ctx.progress(
        f"  经济运行：{len(indicators)} 项指标，{len(observations)} 条月度数据，{len(targets)} 个目标"
    )


def _indicators(zone) -> list[Indicator]:
    made = []
    for order, (code, name, unit, kind, basis, department, *_rest) in enumerate(INDICATORS, start=1):
        made.append(
            Indicator(
                zone=zone, code=code, name=name, unit=unit, kind=kind, frequency="月", price_basis=basis,
                department=department, order=order, definition=f"{name}，按国家统计局统计制度口径",
                rank_by="completion" if kind == "流量" else "value",
                alert_yoy_below=Decimal(0) if kind == "流量" else None,
            )
        )  # fmt: skip
    code, name, formula = DERIVED
    made.append(
        Indicator(
            zone=zone, code=code, name=name, unit="家", kind="派生", frequency="年", formula=formula,
            department="经济发展局", order=len(INDICATORS) + 1, rank_by="value",
            definition="企业库中上年度营业收入（主营业务收入 + 其他业务收入）达到 10 亿元的企业数",
        )
    )  # fmt: skip
    Indicator.objects.bulk_create(made)
    return made


def _shares(rng, count: int) -> list[Decimal]:
    raw = [Decimal(rng.randint(8, 30)) for _ in range(count)]
    return [r / sum(raw) for r in raw]


def _flows(indicator, root, areas, shares, base, growth, year, last_month, basis) -> list[Observation]:
    out, total = [], sum(WEIGHTS)
    for m in range(1, last_month + 1):
        reached = Decimal(sum(WEIGHTS[:m])) / total
        zone_now, zone_prior = Decimal(0), Decimal(0)
        for area, share, g in zip(areas, shares, growth, strict=True):
            prior = _money(base * share * reached)
            now = _money(prior * (1 + g))
            zone_now, zone_prior = zone_now + now, zone_prior + prior
            out.append(_obs(indicator, area, year, m, now, prior, basis))
        out.append(_obs(indicator, root, year, m, zone_now, zone_prior, basis))
    return out


def _obs(indicator, unit, year, month, now, prior, basis) -> Observation:
    if basis == "可比价":  # growth at comparable prices is reported by the statistics bureau, not computed
        reported = ((now / prior - 1) * Decimal("0.93")).quantize(Decimal("0.0001")) if prior else None
        return Observation(
            indicator=indicator,
            unit=unit,
            period=f"{year}-{month:02d}",
            cumulative_value=now,
            reported_yoy=reported,
            source_file="演示数据",
        )
    return Observation(
        indicator=indicator,
        unit=unit,
        period=f"{year}-{month:02d}",
        cumulative_value=now,
        prior_cumulative=prior,
        source_file="演示数据",
    )


def _levels(indicator, root, areas, shares, base, growth, year, last_month) -> list[Observation]:
    out = []
    for m in range(1, last_month + 1):
        total_now, total_prior = 0, 0
        for area, share, g in zip(areas, shares, growth, strict=True):
            prior = int(base * share)
            now = prior + int(prior * g * m / 12)
            total_now, total_prior = total_now + now, total_prior + prior
            out.append(
                Observation(
                    indicator=indicator,
                    unit=area,
                    period=f"{year}-{m:02d}",
                    cumulative_value=Decimal(now),
                    prior_cumulative=Decimal(prior),
                    source_file="演示数据",
                )
            )
        out.append(
            Observation(
                indicator=indicator,
                unit=root,
                period=f"{year}-{m:02d}",
                cumulative_value=Decimal(total_now),
                prior_cumulative=Decimal(total_prior),
                source_file="演示数据",
            )
        )
    return out


def _rates(rng, indicator, root, areas, year, last_month) -> list[Observation]:
    out = []
    for unit in [*areas, root]:
        level = Decimal(rng.randint(5200, 7400)) / 100
        for m in range(1, last_month + 1):
            value = level + Decimal(rng.randint(-60, 60)) / 100
            change = Decimal(rng.randint(-15, 35)) / 1000
            out.append(
                Observation(
                    indicator=indicator,
                    unit=unit,
                    period=f"{year}-{m:02d}",
                    cumulative_value=value,
                    reported_yoy=change,
                    source_file="演示数据",
                )
            )
    return out


def _targets(indicator, root, areas, shares, base, growth, year, unit) -> list[Target]:
    out, zone_total = [], Decimal(0)
    for area, share in zip(areas, shares, strict=True):
        value = _money(base * share * (1 + growth))
        if unit == "个":
            value = Decimal(int(value))
        zone_total += value
        out.append(
            Target(
                indicator=indicator, unit=area, year=year, value=value, level="园区", source_file="演示数据"
            )
        )
    city = (
        _money(zone_total * Decimal("0.97")) if unit != "个" else Decimal(int(zone_total * Decimal("0.97")))
    )
    out.append(
        Target(
            indicator=indicator, unit=root, year=year, value=zone_total, level="园区", source_file="演示数据"
        )
    )
    out.append(
        Target(indicator=indicator, unit=root, year=year, value=city, level="市", source_file="演示数据")
    )
    return out
