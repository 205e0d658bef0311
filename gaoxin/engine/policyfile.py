"""Policy files (政策文件, YAML): one policy with its funds and clauses. Every field is checked and every
expression parsed and type-checked when the file is read; a file with any error is refused whole, each
error naming the file, line, field and reason in Chinese (``PolicyFileError.errors``).

```yaml
policy: XG-2024-01
name: 关于支持科技创新的若干政策
doc_no: 某高管发〔2024〕3号
issuer: 某高新区管委会
level: 区级                       # 国家级 / 省级 / 市级 / 区级
department: 科技创新局             # 牵头部门
effective_from: 2024-01-01
effective_to: 2026-12-31          # inclusive
status: 已发布                     # 草稿 / 已发布 / 已废止 (default 已发布)
funds:
  - {id: kc2024, name: 2024年科技创新专项资金, year: 2024, budget: 500万元, shares: {市级: 50%, 区级: 50%}}
clauses:
  - id: rd_subsidy
    name: 研发投入奖补
    article: 第五条
    mode: 免申即享                 # 免申即享 / 快申快享 / 申报
    when: "rd_expense[y-1] >= 500万元 and rd_expense[y-1] / sales_revenue[y-1] >= 3%"
    amount: "min(rd_expense[y-1] * 5%, 100万元)"
    cap: 100万元                   # optional per-year cap
    group: rd                      # exclusivity group: the highest amount, 从高不重复
    fund: kc2024
    window: {from: 2024-03-01, to: 2024-05-31}   # 申报 / 快申快享: application window
    materials: [研发费用专项审计报告]
    confirm: [科技创新局, 财政金融局]            # departments that confirm
    gap: rd_expense[y-1]           # optional: the input the gap is stated in (default: the first one)
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from gaoxin.engine.clauses import Clause
from gaoxin.engine.lang.errors import RuleError
from gaoxin.engine.ruleset import _Loader
from gaoxin.engine.units import FEN_LIMIT, to_fen

LEVELS = ("国家级", "省级", "市级", "区级")
MODES = ("免申即享", "快申快享", "申报")
STATUSES = ("草稿", "已发布", "已废止")
POLICY_FIELDS = {
    "policy", "name", "doc_no", "issuer", "level", "department", "effective_from", "effective_to",
    "status", "text", "funds", "clauses",
}  # fmt: skip
FUND_FIELDS = {"id", "name", "year", "budget", "shares"}
CLAUSE_FIELDS = {
    "id", "name", "article", "mode", "when", "amount", "cap", "group", "fund", "window", "materials",
    "confirm", "gap", "effective_from", "effective_to", "note",
}  # fmt: skip
MONEY = re.compile(r"^\s*(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(元|万元|亿元)?\s*$")
ID = re.compile(r"^[A-Za-z0-9_\-.]{1,40}$")


class PolicyFileError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Fund:
    id: str
    name: str
    year: int | None
    budget_fen: int
    shares: dict[str, int]  # level -> parts per million (sum 1,000,000)


@dataclass
class PolicyDoc:
    code: str
    name: str
    doc_no: str = ""
    issuer: str = ""
    level: str = "区级"
    department: str = ""
    effective_from: date | None = None
    effective_to: date | None = None
    status: str = "已发布"
    text: str = ""
    funds: list[Fund] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    path: str = ""


class _Lines(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping (for the error messages)."""


def _mapping(loader, node):
    value = loader.construct_mapping(node, deep=True)
    lines = {
        key_node.value: key_node.start_mark.line + 1
        for key_node, _ in node.value
        if hasattr(key_node, "value")
    }
    out = _Map(value)
    out.line, out.lines = node.start_mark.line + 1, lines
    return out


class _Map(dict):
    line = 0
    lines: dict = {}


_Lines.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse_money(text, where: str, errors: list[str]) -> int | None:
    """'500万元', '1.2亿元', '86000', 86000 → 分; None (and an error) when not an amount."""
    if isinstance(text, bool) or text is None:
        errors.append(f"{where}：应为金额（如 500万元），实为“{text}”")
        return None
    found = MONEY.match(str(text))
    if not found:
        errors.append(f"{where}：“{text}”不是金额，应写作 500万元、1.2亿元 或 86000元")
        return None
    try:
        fen = to_fen(found.group(1).replace(",", ""), found.group(2) or "元")
    except InvalidOperation:
        errors.append(f"{where}：“{text}”不是金额")
        return None
    if fen < 0:
        errors.append(f"{where}：金额不能为负数")
        return None
    if fen >= FEN_LIMIT:
        errors.append(f"{where}：“{text}”超出允许范围（须小于 100 万亿元）")
        return None
    return fen


def parse_share(text, where: str, errors: list[str]) -> int | None:
    found = re.match(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$", str(text))
    if not found:
        errors.append(f"{where}：“{text}”不是比例，应写作 50%")
        return None
    return int(Decimal(found.group(1)) * 10_000)


class _Reader:
    def __init__(self, data, path: str):
        self.data, self.path, self.errors = data, path, []

    def at(self, mapping, key=None) -> str:
        line = (mapping.lines.get(key) if key is not None else None) or getattr(mapping, "line", 0)
        return (f"{self.path} 第 {line} 行" if line else self.path) + (f" {key}" if key else "")

    def unknown(self, mapping, allowed: set, what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.errors.append(
                    f"{self.at(mapping, key)}：{what}中没有字段“{key}”（可用：{'、'.join(sorted(allowed))}）"
                )

    def text(self, mapping, key, required=False, choices=None, default="") -> str:
        value = mapping.get(key)
        if value is None:
            if required:
                self.errors.append(f"{self.at(mapping)}：缺少必填字段“{key}”")
            return default
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.errors.append(f"{self.at(mapping, key)}：应为文字，实为“{value}”")
            return default
        value = str(value).strip()
        if choices and value not in choices:
            self.errors.append(f"{self.at(mapping, key)}：“{value}”不是可选值（可选：{'、'.join(choices)}）")
            return default
        return value

    def day(self, mapping, key) -> date | None:
        value = mapping.get(key)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.errors.append(f"{self.at(mapping, key)}：“{value}”不是日期，应写作 2024-01-01")
            return None

    def texts(self, mapping, key) -> list[str]:
        value = mapping.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.errors.append(f"{self.at(mapping, key)}：应为文字列表，如 [科技创新局, 财政金融局]")
            return []
        return value

    def read(self) -> PolicyDoc:
        data = self.data
        if not isinstance(data, _Map):
            raise PolicyFileError([f"{self.path}：文件内容应为一个政策（policy、name、clauses 等字段）"])
        self.unknown(data, POLICY_FIELDS, "政策文件")
        code = self.text(data, "policy", required=True)
        if code and not ID.match(code):
            self.errors.append(f"{self.at(data, 'policy')}：政策编号“{code}”只能由字母、数字、-、_、. 组成")
        doc = PolicyDoc(
            code=code, name=self.text(data, "name", required=True), doc_no=self.text(data, "doc_no"),
            issuer=self.text(data, "issuer"), level=self.text(data, "level", choices=LEVELS, default="区级"),
            department=self.text(data, "department"), effective_from=self.day(data, "effective_from"),
            effective_to=self.day(data, "effective_to"),
            status=self.text(data, "status", choices=STATUSES, default="已发布"), text=self.text(data, "text"),
            path=self.path,
        )  # fmt: skip
        if doc.effective_from and doc.effective_to and doc.effective_to < doc.effective_from:
            self.errors.append(f"{self.at(data, 'effective_to')}：失效日期早于生效日期")
        doc.funds = [self.fund(fund_spec) for fund_spec in self.items(data, "funds")]
        clauses = self.items(data, "clauses")
        if not clauses and "clauses" in data:
            self.errors.append(f"{self.at(data, 'clauses')}：政策至少应有一个条款")
        elif "clauses" not in data:
            self.errors.append(f"{self.at(data)}：缺少必填字段“clauses”")
        seen = set()
        for spec in clauses:
            clause = self.clause(spec, doc)
            if clause is not None:
                if clause.id in seen:
                    self.errors.append(f"{self.at(spec, 'id')}：条款编号“{clause.id}”重复")
                seen.add(clause.id)
                doc.clauses.append(clause)
        if self.errors:
            raise PolicyFileError(self.errors)
        return doc

    def items(self, mapping, key) -> list:
        value = mapping.get(key) or []
        if not isinstance(value, list) or not all(isinstance(item, _Map) for item in value):
            self.errors.append(f"{self.at(mapping, key)}：应为列表，每项是一个带字段的条目")
            return []
        return value

    def fund(self, spec) -> Fund:
        self.unknown(spec, FUND_FIELDS, "资金池")
        fid = self.text(spec, "id", required=True)
        budget = (
            parse_money(spec.get("budget"), self.at(spec, "budget"), self.errors)
            if "budget" in spec
            else None
        )
        if "budget" not in spec:
            self.errors.append(f"{self.at(spec)}：资金池缺少预算“budget”")
        shares = {}
        raw = spec.get("shares") or {"区级": "100%"}
        if not isinstance(raw, dict):
            self.errors.append(f"{self.at(spec, 'shares')}：分担比例应写作 {{市级: 50%, 区级: 50%}}")
            raw = {}
        for level, share in raw.items():
            if level not in LEVELS:
                self.errors.append(
                    f"{self.at(spec, 'shares')}：“{level}”不是层级（可选：{'、'.join(LEVELS)}）"
                )
                continue
            ppm = parse_share(share, self.at(spec, "shares"), self.errors)
            if ppm is not None:
                shares[level] = ppm
        if shares and sum(shares.values()) != 1_000_000:
            self.errors.append(f"{self.at(spec, 'shares')}：各级分担比例之和应为 100%")
        year = spec.get("year")
        if year is not None and not isinstance(year, int):
            self.errors.append(f"{self.at(spec, 'year')}：年度应为整数")
            year = None
        return Fund(fid, self.text(spec, "name", required=True), year, budget or 0, shares)

    def clause(self, spec, doc: PolicyDoc) -> Clause | None:
        self.unknown(spec, CLAUSE_FIELDS, "条款")
        cid = self.text(spec, "id", required=True)
        if cid and not ID.match(cid):
            self.errors.append(f"{self.at(spec, 'id')}：条款编号“{cid}”只能由字母、数字、-、_、. 组成")
        name = self.text(spec, "name", required=True)
        mode = self.text(spec, "mode", choices=MODES, default="免申即享")
        fund = self.text(spec, "fund")
        loader = _Loader({}, self.path)
        when = self.expression(loader, spec, "when", "bool")
        amount = self.expression(loader, spec, "amount", "money") if "amount" in spec else None
        gap = None
        if "gap" in spec and when is not None:
            try:
                gap = loader.gap(spec["gap"], f"第 {spec.lines.get('gap', spec.line)} 行 {cid}")
            except RuleError as error:
                self.errors.append(str(error))
        cap = parse_money(spec["cap"], self.at(spec, "cap"), self.errors) if "cap" in spec else None
        window = spec.get("window") or {}
        if window and not isinstance(window, dict):
            self.errors.append(
                f"{self.at(spec, 'window')}：申报窗口应写作 {{from: 2024-03-01, to: 2024-05-31}}"
            )
            window = {}
        meta = {
            "article": self.text(spec, "article"), "mode": mode, "fund": fund,
            "window_from": self.day(window, "from") if window else None,
            "window_to": self.day(window, "to") if window else None,
            "materials": self.texts(spec, "materials"), "confirm": self.texts(spec, "confirm"),
            "note": self.text(spec, "note"),
        }  # fmt: skip
        if when is None:
            return None
        return Clause(
            key=f"{doc.code}/{cid}", policy=doc.code, id=cid, name=name, when=when, amount=amount,
            cap_fen=cap, group=self.text(spec, "group") or None,
            effective_from=self.day(spec, "effective_from") or doc.effective_from,
            effective_to=self.day(spec, "effective_to") or doc.effective_to, gap=gap, meta=meta,
        )  # fmt: skip

    def expression(self, loader: _Loader, spec, key: str, kind: str):
        source = spec.get(key)
        if source is None:
            self.errors.append(f"{self.at(spec)}：条款缺少“{key}”")
            return None
        line = spec.lines.get(key, spec.line)
        where = (f"第 {line} 行 " if line else "") + f"{key}（条款 {spec.get('id', '?')}）"
        try:
            error = loader.expr(str(source), where, "num" if kind == "money" else kind)
        except RuleError as err:  # parse and type errors carry the file already, kind errors do not
            text = str(err)
            self.errors.append(text if text.startswith(self.path) else f"{self.path} {text}")
            return None
        if kind == "money" and error.ty.unit != "money":
            self.errors.append(
                f"{self.path} {where}：金额表达式应为金额（元、万元或亿元），实为{error.ty.zh()}"
            )
            return None
        return error


def read_text(text: str, path: str = "policy.yaml") -> PolicyDoc:
    try:
        data = yaml.load(text, Loader=_Lines)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" 第 {mark.line + 1} 行" if mark else ""
        raise PolicyFileError([f"{path}{line}：YAML 格式有误（{getattr(exc, 'problem', exc)}）"]) from None
    return _Reader(data, path).read()


def check_clause(policy: str, fields: dict, effective_from=None, effective_to=None, path="条款") -> Clause:
    """One clause given as fields (a page's form, a stored row): the same checks as in a file."""
    mapping = _Map(fields)
    mapping.line, mapping.lines = 0, {}
    reader = _Reader(None, path)
    doc = PolicyDoc(policy, "", effective_from=effective_from, effective_to=effective_to)
    clause = reader.clause(mapping, doc)
    if reader.errors or clause is None:
        raise PolicyFileError(reader.errors or [f"{path}：条款有误"])
    return clause


def read_path(path) -> list[PolicyDoc]:
    """A file, or every .yaml/.yml of a directory (sorted); all files are checked before any is used."""
    path = Path(path)
    files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")]) if path.is_dir() else [path]
    if not files:
        raise PolicyFileError([f"{path}：目录中没有 .yaml 政策文件"])
    docs, errors = [], []
    for file in files:
        try:
            docs.append(read_text(file.read_text(encoding="utf-8"), file.name))
        except PolicyFileError as exc:
            errors += exc.errors
        except OSError as exc:
            errors.append(f"{file}：无法读取（{exc.strerror}）")
    codes = [doc.code for doc in docs]
    errors += [
        f"政策编号“{clause}”在多个文件中出现"
        for clause in sorted({clause for clause in codes if codes.count(clause) > 1})
    ]
    if errors:
        raise PolicyFileError(errors)
    return docs


def all_clauses(docs: list[PolicyDoc]) -> list:
    return [clause for doc in docs if doc.status != "已废止" for clause in doc.clauses]
