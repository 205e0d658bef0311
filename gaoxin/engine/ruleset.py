"""Rule files: loading, validation (every expression is parsed and type-checked at load time) and
selection of the version in force on a date.

Layout: ``rules/<rule id>/<version>.yaml``. A file may ``extends: <version>`` another file of the
same rule and override top-level keys (a successor document that keeps the old standard is a new
file of a few lines). Zone-configurable rules (gazelle) carry ``preset:``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path

import yaml

from gaoxin.engine.catalog import catalog
from gaoxin.engine.lang import ast, parse
from gaoxin.engine.lang.errors import RuleError
from gaoxin.engine.lang.types import Scope, check
from gaoxin.engine.lang.value_types import ValueType

RULES_DIR = Path(__file__).parent / "rules"
QUANTUM = {"money": Fraction(1, 100), "count": Fraction(1), "ratio": Fraction(1, 10**6)}
QUANTUM |= {"usd100m": Fraction(1, 10**4), "lit": Fraction(1, 10**6), "points": Fraction(1)}


@dataclass
class Expr:
    source: str
    node: ast.Node
    ty: ValueType


@dataclass
class Gap:
    """The one input whose change is reported: a field-year, an input field, a definition or a score."""

    target: str  # compile key: 'rd_expense@-1', 'tech_staff@-1', 'let:name', 'score:name'
    unit: str  # money / count / ratio / usd100m / points
    quantum: Fraction
    direction: int  # +1: increase helps, -1: decrease helps
    label: str
    unit_label: str


@dataclass
class Criterion:
    id: str
    name: str
    doc_ref: str
    when: Expr
    value: Expr | None = None
    threshold: Expr | None = None
    unit: str = ""
    gap: Gap | None = None
    unverified: str | None = None
    note: str | None = None


@dataclass
class Item:
    id: str
    name: str
    max: int
    bands: list[tuple[Expr | None, int, int, str]] = field(default_factory=list)  # (when, lo, hi, label)
    input: str | None = None  # expert input (whole item) or pin inside the band
    points: Expr | None = None  # points computed by an expression
    best_of: list[Item] = field(default_factory=list)
    gap: Gap | None = None


@dataclass
class Part:
    id: str
    name: str
    max: int
    items: list[Item]


@dataclass
class ScoreSpec:
    name: str
    title: str
    parts: list[Part]


@dataclass
class Rule:
    id: str
    name: str
    version: str
    effective_from: date
    effective_to: date | None
    path: str
    documents: dict[str, dict]
    lets: dict[str, Expr]
    scores: dict[str, ScoreSpec]
    criteria: list[Criterion]
    passes: Expr
    score: str | None = None
    preset: str | None = None
    kind: str | None = None
    unverified: str | None = None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


class _Loader:
    def __init__(self, data: dict, path: str):
        self.data, self.path = data, path
        self.lets: dict[str, Expr] = {}
        self.scores: dict[str, ScoreSpec] = {}
        self.docs = data.get("documents", {})

    def scope(self, source: str, criteria: frozenset[str] = frozenset()) -> Scope:
        parts = {
            score_name: tuple(part.id for part in score.parts) for score_name, score in self.scores.items()
        }
        return Scope(source, {let_name: let.ty for let_name, let in self.lets.items()}, parts, criteria)

    def expr(self, source, where: str, kind: str | None = None, criteria=frozenset()) -> Expr:
        source = str(source)
        try:
            node = parse(source)
            ty = check(node, self.scope(source, criteria))
        except RuleError as error:
            raise error.located(f"{self.path} {where}") from None
        if kind and (ty.kind != kind or ty.years):
            raise RuleError(
                f"应为{'条件（是/否）' if kind == 'bool' else '数值'}，实为{ty.zh()}", source, 0, where
            )
        return Expr(source, node, ty)

    def gap(self, spec, where: str) -> Gap | None:
        if spec is None:
            return None
        spec = {"input": spec} if isinstance(spec, str) else spec
        expr = self.expr(spec["input"], where + ".gap")
        node = expr.node
        if isinstance(node, ast.YearRef) and node.hi is None and catalog()[node.name].scope == "yearly":
            entry = catalog()[node.name]
            target, unit, label = f"{node.name}@{node.lo}", entry.unit, entry.label
        elif isinstance(node, ast.Name) and node.name in catalog() and not catalog()[node.name].yearly:
            entry = catalog()[node.name]
            target, unit, label = node.name, entry.unit, entry.label
        elif isinstance(node, ast.Name) and node.name in self.lets:
            target, unit, label = "let:" + node.name, expr.ty.unit, node.name
        elif isinstance(node, ast.Name) and node.name in self.scores:
            target, unit, label = "score:" + node.name, "points", self.scores[node.name].title
        else:
            raise RuleError(
                "差距项应为某一年度的字段（如 rd_expense[y-1]）、企业字段、定义名或评分名",
                expr.source,
                0,
                where,
            )
        if expr.ty.kind not in ("num", "score"):
            raise RuleError("差距项应为数值", expr.source, 0, where)
        unit_label = spec.get("unit") or {
            "money": "元",
            "ratio": "个百分点",
            "points": "分",
            "usd100m": "亿美元",
        }.get(unit, (entry.unit_label if target[:4] not in ("let:", "scor") else "") or "")
        direction = -1 if spec.get("direction") == "down" else 1
        return Gap(target, unit, QUANTUM[unit], direction, spec.get("label", label), unit_label)

    def doc_ref(self, refs) -> str:
        out = []
        for ref in refs or []:
            doc = self.docs[ref["doc"]]
            out.append(f"{doc['doc_no'] or doc['title']} {ref.get('article', '')}".strip())
        return "；".join(out)

    def item(self, spec: dict, where: str) -> Item:
        where = f"{where}.{spec['id']}"
        item = Item(spec["id"], spec["name"], int(spec.get("max", 0)), input=spec.get("input"))
        item.gap = self.gap(spec.get("gap"), where)
        if "ladder" in spec:
            ladder = spec["ladder"]
            op = ladder.get("op", ">=")
            measure = self.ladder_measure(str(ladder["measure"]), spec["id"], where)
            steps = ladder["steps"]
            spec = {
                **spec,
                "bands": [{"when": f"{measure} {op} {at}", "points": points} for at, points in steps],
            }
            spec["bands"].append({"points": ladder.get("else", 0)})
        for position, band in enumerate(spec.get("bands", [])):
            lo, hi = (band["points"], band["points"]) if isinstance(band["points"], int) else band["points"]
            cond = self.expr(band["when"], f"{where}.bands[{position}]", "bool") if "when" in band else None
            item.bands.append((cond, int(lo), int(hi), band.get("label", "")))
        if "points" in spec:
            item.points = self.expr(spec["points"], where + ".points", "num")
        item.best_of = [self.item(sub, where) for sub in spec.get("best_of", [])]
        if item.input and item.input not in catalog():
            raise RuleError(f"未知输入字段 {item.input}", item.input, 0, where)
        if item.bands and item.bands[-1][0] is not None:
            raise RuleError("分档的最后一档应为“其他”（不写 when）", "", 0, where)
        highest = [band[2] for band in item.bands] + [sub.max for sub in item.best_of]
        item.max = item.max or max([*highest, 0])
        return item

    def ladder_measure(self, source: str, item_id: str, where: str) -> str:
        """A ladder's measure as a definition of its own: computed once as columns, then every step
        is one integer comparison (instead of the whole measure again per step)."""
        if source.strip() in self.lets:
            return source.strip()
        name = f"_ladder{len(self.lets)}_{item_id}"
        self.lets[name] = self.expr(source, f"{where}.ladder.measure", "num")
        return name

    def load(self) -> Rule:
        data = self.data
        for name, source in (data.get("let") or {}).items():
            self.lets[name] = self.expr(source, f"let.{name}")
        for name, spec in (data.get("scores") or {}).items():
            parts = []
            for part in spec["parts"]:
                items = [self.item(item, f"scores.{name}.{part['id']}") for item in part["items"]]
                parts.append(
                    Part(
                        part["id"],
                        part["name"],
                        int(part.get("max") or sum(item.max for item in items)),
                        items,
                    )
                )
            self.scores[name] = ScoreSpec(name, spec.get("name", name), parts)
        criteria = [self.criterion(criterion) for criterion in data["criteria"]]
        ids = frozenset(criterion.id for criterion in criteria)
        passes = data.get("pass") or " and ".join(criterion.id for criterion in criteria)
        return Rule(
            id=data["rule"],
            name=data["name"],
            version=str(data["version"]),
            effective_from=_date(data["effective_from"]),
            effective_to=_date(data.get("effective_to")),
            path=self.path,
            documents=self.docs,
            lets=self.lets,
            scores=self.scores,
            criteria=criteria,
            passes=self.expr(passes, "pass", "bool", ids),
            score=data.get("score"),
            preset=data.get("preset"),
            kind=data.get("kind"),
            unverified=data.get("unverified"),
        )

    def criterion(self, spec: dict) -> Criterion:
        where = spec["id"]
        unverified = spec.get("unverified")
        return Criterion(
            id=spec["id"],
            name=spec["name"],
            doc_ref=self.doc_ref(spec.get("refs")),
            when=self.expr(spec["when"], where + ".when", "bool"),
            value=self.expr(spec["value"], where + ".value") if "value" in spec else None,
            threshold=self.expr(spec["threshold"], where + ".threshold") if "threshold" in spec else None,
            unit=spec.get("unit", ""),
            gap=self.gap(spec.get("gap"), where),
            unverified=("依据未经官方文本核实" if unverified is True else unverified) or None,
            note=spec.get("note"),
        )


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _read(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "extends" in data:
        parent = _read(path.with_name(f"{data.pop('extends')}.yaml"))
        data = {**parent, **data}
    return data


def load_text(text: str, name: str = "rule.yaml") -> Rule:
    """A rule file given as YAML text (tests, benchmarks, a rule being edited)."""
    return _Loader(yaml.safe_load(text), name).load()


def load_file(path: Path) -> Rule:
    return _Loader(_read(path), f"{path.parent.name}/{path.name}").load()


@cache
def all_rules() -> tuple[Rule, ...]:
    return tuple(load_file(path) for path in sorted(RULES_DIR.glob("*/*.yaml")))


def presets(rule_id: str = "gazelle") -> list[str]:
    return sorted({rule.preset for rule in all_rules() if rule.preset and rule.id.endswith(rule_id)})


def rules_in_force(on: date, gazelle_preset: str | None = None, only: list[str] | None = None) -> list[Rule]:
    """The version of every rule in force on a date; preset rules only for the chosen preset."""
    chosen = {}
    for rule in all_rules():
        if only and rule.id not in only:
            continue
        if rule.preset is not None and rule.preset != gazelle_preset:
            continue
        if rule.in_force(on) and (
            rule.id not in chosen or rule.effective_from > chosen[rule.id].effective_from
        ):
            chosen[rule.id] = rule
    return [chosen[rule_id] for rule_id in sorted(chosen)]
