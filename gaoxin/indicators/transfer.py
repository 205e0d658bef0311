"""Import/export kinds: indicators, indicator-targets, indicator-values (templates in ``schema/``).

All-or-nothing like every import; each error names its row, column and reason in Chinese. Figures are
converted exactly to the indicator's unit from the unit written in the header (``累计值（万元）``), the
cell (``1.35亿``) or the 计量单位 column, in that order; an empty 单位 means the whole zone.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError

from gaoxin.transfer.kinds import CommitCounts, Issue, Kind, ValidationResult
from gaoxin.transfer.sheet_templates import load_template

from . import actions
from .choices import IndicatorKind, RankBy
from .fields import exact
from .lookups import ZoneUnits, zone_for
from .models import Indicator, Observation, Target
from .periods import PeriodError, parse_period
from .scopes import scoped_indicators, scoped_observations, scoped_targets
from .units import UnitError, convert, normalize_unit

SCHEMA = Path(__file__).parent / "schema"
RANK_BY = {label: value for value, label in RankBy.choices}
HUNDRED = Decimal(100)


def _percent(quantity) -> Decimal | None:
    """同比（%）/ 预警线（%）: 22.88 or 22.88% → 0.2288."""
    if quantity is None:
        return None
    if quantity.unit not in ("", "%"):
        raise UnitError(f"应为百分数，不能写作“{quantity.unit}”")
    return quantity.number / HUNDRED


def _figure(quantity, written: str | None, indicator: Indicator) -> Decimal | None:
    """The figure in the indicator's unit, exactly (six decimals at most once converted)."""
    if quantity is None:
        return None
    unit = quantity.unit or normalize_unit(written) or indicator.unit
    return exact(convert(quantity.number, unit, indicator.unit))


def _problem(row: int, header: str, exc: Exception) -> Issue:
    text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return Issue(row, header, text)


class _IndicatorKindBase(Kind):
    import_capability = "indicators.import"
    export_capability = "indicators.view"

    @property
    def template(self):
        return load_template(self.template_name, SCHEMA)

    def header(self, field: str) -> str:
        return self.template.column(field).header


def _duplicates(records, key, label: str, result: ValidationResult) -> set[int]:
    seen, bad = set(), set()
    for rec in records:
        k = key(rec)
        if k in seen:
            result.errors.append(Issue(rec["_row"], None, f"{label}在文件中重复"))
            bad.add(rec["_row"])
        seen.add(k)
    return bad


class IndicatorImport(_IndicatorKindBase):
    name = "indicators"
    label = "经济运行指标"
    template_name = "indicator"

    def validate(self, records, context):
        zone = zone_for(context.user)
        existing = {
            i.code: i for i in Indicator.objects.filter(zone=zone, code__in=[r["code"] for r in records])
        }
        result = ValidationResult()
        bad = _duplicates(records, lambda r: r["code"], "指标编码", result)
        for rec in records:
            row = rec["_row"]
            indicator = existing.get(rec["code"]) or Indicator(zone=zone, code=rec["code"])
            issues = []
            for field in ("name", "unit", "kind", "frequency", "definition", "department", "formula"):
                if field in context.fields:
                    setattr(indicator, field, rec.get(field) or "")
            if rec.get("price_basis"):
                indicator.price_basis = rec["price_basis"]
            if rec.get("rank_by"):
                indicator.rank_by = RANK_BY[rec["rank_by"]]
            if rec.get("higher_is_better") is not None:
                indicator.higher_is_better = rec["higher_is_better"]
            try:
                indicator.alert_yoy_below = exact(_percent(rec.get("alert_yoy_below")))
            except (UnitError, ValidationError) as exc:
                issues.append(_problem(row, self.header("alert_yoy_below"), exc))
            try:
                indicator.alert_value_below = _figure(rec.get("alert_value_below"), None, indicator)
            except (UnitError, ValidationError) as exc:
                issues.append(_problem(row, self.header("alert_value_below"), exc))
            try:
                indicator.full_clean(exclude=["zone", "version"], validate_unique=False)
            except ValidationError as exc:
                headers = {c.field: c.header for c in self.template.columns}
                issues += [Issue(row, headers.get(f), m) for f, ms in exc.message_dict.items() for m in ms]
            result.errors += issues
            if not issues and row not in bad:
                result.clean.append(indicator)
        return result

    def commit(self, clean, context, batch):
        created, updated, unchanged = actions.save_indicators(clean, context.actor)
        return CommitCounts(created, updated, unchanged)

    def queryset(self, user):
        return scoped_indicators(user) if user is not None else Indicator.objects.all()

    def export_rows(self, queryset, user):
        labels = dict(RankBy.choices)
        for i in queryset.order_by("order", "code"):
            yield {
                **{f: getattr(i, f) for f in ("code", "name", "unit", "kind", "frequency", "definition")},
                **{f: getattr(i, f) for f in ("department", "price_basis", "formula", "higher_is_better")},
                "rank_by": labels[i.rank_by],
                "alert_yoy_below": None
                if i.alert_yoy_below is None
                else (i.alert_yoy_below * 100).normalize(),
                "alert_value_below": None if i.alert_value_below is None else i.alert_value_below.normalize(),
            }


class _Figures(_IndicatorKindBase):
    """Shared lookups of targets and values: the indicator by code, the unit by name."""

    def lookups(self, records, context):
        zone = zone_for(context.user)
        codes = {r["indicator_code"] for r in records}
        return {i.code: i for i in Indicator.objects.filter(zone=zone, code__in=codes)}, ZoneUnits(zone)

    def indicator(self, rec, indicators, issues) -> Indicator | None:
        found = indicators.get(rec["indicator_code"])
        if found is None:
            issues.append(
                Issue(rec["_row"], "指标编码", f"没有编码为“{rec['indicator_code']}”的指标，请先导入指标")
            )
        return found

    def unit(self, rec, units, issues):
        unit, error = units.find(rec.get("unit_name"))
        if error:
            issues.append(Issue(rec["_row"], "单位", error))
        return unit


class TargetImport(_Figures):
    name = "indicator-targets"
    label = "经济运行指标目标"
    template_name = "indicator_target"

    def validate(self, records, context):
        indicators, units = self.lookups(records, context)
        existing = {
            (t.indicator_id, t.unit_id, t.year, t.level): t
            for t in Target.objects.filter(indicator__in=indicators.values())
        }
        result = ValidationResult()
        key = lambda r: (r["indicator_code"], (r.get("unit_name") or "").strip(), r["year"], r["level"])  # noqa: E731
        bad = _duplicates(records, key, "同一指标、单位、年度和下达单位的目标", result)
        for rec in records:
            row, issues = rec["_row"], []
            indicator = self.indicator(rec, indicators, issues)
            unit = self.unit(rec, units, issues)
            if indicator is None or unit is None:
                result.errors += issues
                continue
            target = existing.get((indicator.pk, unit.pk, rec["year"], rec["level"])) or Target(
                indicator=indicator, unit=unit, year=rec["year"], level=rec["level"]
            )
            try:
                target.value = _figure(rec["value"], rec.get("written_unit"), indicator)
            except (UnitError, ValidationError) as exc:
                issues.append(_problem(row, self.header("value"), exc))
            target.source_file, target.source_row = context.filename[:255], row
            result.errors += issues
            if not issues and row not in bad:
                result.clean.append(target)
        return result

    def commit(self, clean, context, batch):
        return CommitCounts(*actions.save_targets(clean, context.actor, context.filename))

    def queryset(self, user):
        return scoped_targets(user) if user is not None else Target.objects.all()

    def export_rows(self, queryset, user):
        for t in queryset.select_related("indicator", "unit").order_by(
            "indicator__code", "year", "unit__path"
        ):
            yield {
                "indicator_code": t.indicator.code,
                "unit_name": "" if t.unit.level == 1 else t.unit.name,
                "year": t.year,
                "value": t.value.normalize(),
                "level": t.level,
            }


class ValueImport(_Figures):
    name = "indicator-values"
    label = "经济运行指标数据"
    template_name = "indicator_value"

    def validate(self, records, context):
        indicators, units = self.lookups(records, context)
        result = ValidationResult()
        key = lambda r: (r["indicator_code"], (r.get("unit_name") or "").strip(), str(r["period"]).strip())  # noqa: E731
        bad = _duplicates(records, key, "同一指标、单位和期间的数据", result)
        for rec in records:
            issues = []
            observation = self.observation(rec, indicators, units, context, issues)
            result.errors += issues
            if observation is not None and not issues and rec["_row"] not in bad:
                result.clean.append(observation)
        result.warnings += month_warnings(result.clean)
        return result

    def observation(self, rec, indicators, units, context, issues) -> Observation | None:
        row = rec["_row"]
        indicator = self.indicator(rec, indicators, issues)
        unit = self.unit(rec, units, issues)
        try:
            period = parse_period(rec["period"])
        except PeriodError as exc:
            issues.append(Issue(row, "期间", str(exc)))
            return None
        if indicator is None or unit is None:
            return None
        if indicator.kind == IndicatorKind.DERIVED:
            issues.append(
                Issue(row, "指标编码", f"“{indicator.name}”为派生指标，由系统根据企业库计算，不能导入")
            )
        if period.frequency != indicator.frequency:
            issues.append(
                Issue(
                    row, "期间", f"“{indicator.name}”为{indicator.frequency}度指标，期间“{rec['period']}”不符"
                )
            )
        obs = Observation(
            indicator=indicator,
            unit=unit,
            period=period.code,
            source_file=context.filename[:255],
            source_row=row,
        )
        for field in ("month_value", "cumulative_value", "prior_cumulative"):
            try:
                setattr(obs, field, _figure(rec.get(field), rec.get("written_unit"), indicator))
            except (UnitError, ValidationError) as exc:
                issues.append(_problem(row, self.header(field), exc))
        try:
            obs.reported_yoy = exact(_percent(rec.get("reported_yoy")))
        except (UnitError, ValidationError) as exc:
            issues.append(_problem(row, self.header("reported_yoy"), exc))
        if rec.get("month_value") is None and rec.get("cumulative_value") is None:
            issues.append(Issue(row, "累计值", "当月值和累计值至少填写一项"))
        return obs

    def commit(self, clean, context, batch):
        return CommitCounts(*actions.record_observations(clean, context.actor, batch))

    def queryset(self, user):
        return scoped_observations(user) if user is not None else Observation.objects.filter(is_current=True)

    def export_rows(self, queryset, user):
        qs = queryset.select_related("indicator", "unit").order_by(
            "indicator__code", "unit__path", "year", "months"
        )
        for o in qs:
            yield {
                "indicator_code": o.indicator.code,
                "unit_name": "" if o.unit.level == 1 else o.unit.name,
                "period": o.period,
                **{f: _plain(getattr(o, f)) for f in ("month_value", "cumulative_value", "prior_cumulative")},
                "reported_yoy": None if o.reported_yoy is None else _plain(o.reported_yoy * 100),
            }


def _plain(value: Decimal | None) -> Decimal | None:
    """4766.220000 → 4766.22 (no exponent: 100 stays 100, not 1E+2)."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return Decimal(text)


def month_warnings(observations: list[Observation]) -> list[Issue]:
    """A reported 当月 that disagrees with the difference of 累计 (rule 5), against the previous period in
    the file or, failing that, as stored."""
    from .periods import Period

    flows = [o for o in observations if o.indicator.kind == IndicatorKind.FLOW]
    if not flows:
        return []
    known = {}
    for o in Observation.objects.filter(
        is_current=True, indicator__in={o.indicator_id for o in flows}, cumulative_value__isnull=False
    ).values_list("indicator_id", "unit_id", "period", "cumulative_value"):
        known[o[:3]] = o[3]
    for o in flows:
        if o.cumulative_value is not None:
            known[(o.indicator_id, o.unit_id, o.period)] = o.cumulative_value
    warnings = []
    for o in flows:
        if o.month_value is None or o.cumulative_value is None:
            continue
        period = parse_period(o.period)
        before: Period | None = period.previous()
        previous = Decimal(0) if before is None else known.get((o.indicator_id, o.unit_id, before.code))
        if previous is None:
            continue
        difference = o.cumulative_value - previous
        if difference != o.month_value:
            warnings.append(
                Issue(
                    o.source_row,
                    "当月值",
                    f"当月值 {_plain(o.month_value)} 与累计值之差 {_plain(difference)} 不一致"
                    f"（本期累计 {_plain(o.cumulative_value)}，上期累计 {_plain(previous)}，单位：{o.indicator.unit}）",
                )
            )
    return warnings
