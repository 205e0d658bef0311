"""Import templates (pure Python, no Django): the YAML contract in ``schema/`` and header matching.

A template lists columns (Chinese header → field, type, unit, required, choices). Reading a file, each
header is matched to a column — exactly, or with a money unit suffix (``营业收入（万元）``, ``(亿元)``),
ignoring spaces, a leading ``*`` (required marker) and full/half-width brackets. Several templates can be
combined (``union``) so one file may carry the columns of all of them, as the rules engine's file mode
does with enterprise_year + enterprise + a ``持有资质`` column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
_UNIT_SUFFIX = re.compile(r"^(.+?)[（(](元|万元|亿元)[）)]$")
#: Column types whose header may carry a money unit: money (converted to 元) and quantity (kept with its
#: unit, for kinds that convert each row to its own unit, such as indicator values).
UNIT_TYPES = ("money", "quantity")


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    type: str = "text"
    required: bool = False
    unit: str = "元"  # stored unit of money columns
    choices: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, field_name: str) -> Column:
        for c in self.columns:
            if c.field == field_name:
                return c
        raise KeyError(field_name)

    def union(self, *others: Template, extra: tuple[Column, ...] = (), name: str | None = None) -> Template:
        """This template's columns, then the others' whose field is not yet present, then ``extra``."""
        columns, seen = list(self.columns), {c.field for c in self.columns}
        for col in [c for t in others for c in t.columns] + list(extra):
            if col.field not in seen:
                columns.append(replace(col, required=False) if col not in extra else col)
                seen.add(col.field)
        return Template(
            name or "+".join([self.name, *(o.name for o in others)]), self.title, tuple(columns), self.key
        )


def _column(raw: dict) -> Column:
    return Column(
        header=raw["header"],
        field=raw["field"],
        type=raw.get("type", "text"),
        required=bool(raw.get("required", False)),
        unit=raw.get("unit", "元"),
        choices=tuple(raw.get("choices", ()) or ()),
        note=raw.get("note", ""),
    )


@cache
def load_template(name: str, directory: Path | str | None = None) -> Template:
    """The template ``schema/<name>.yaml`` (or from ``directory``)."""
    path = Path(directory or SCHEMA_DIR) / f"{name}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Template(
        name=raw["template"],
        title=raw.get("title_zh", raw["template"]),
        columns=tuple(_column(c) for c in raw["columns"]),
        key=tuple(raw.get("key", ())),
    )


def normalize_header(header) -> str:
    text = "" if header is None else str(header)
    text = re.sub(r"\s+", "", text).lstrip("*＊")
    return text.replace("(", "（").replace(")", "）")


@dataclass
class HeaderMatch:
    """Which file column feeds which template column, in what unit; and what did not match."""

    mapped: list[tuple[int, Column, str]] = field(default_factory=list)  # (file index, column, unit)
    extra: list[str] = field(default_factory=list)  # headers not in the template
    missing: list[Column] = field(default_factory=list)  # required columns absent from the file
    duplicate: list[str] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        return {c.field for _, c, _ in self.mapped}


def match_headers(headers: list, template: Template) -> HeaderMatch:
    by_header = {normalize_header(c.header): c for c in template.columns}
    result, seen = HeaderMatch(), set()
    for index, raw in enumerate(headers):
        name = normalize_header(raw)
        if not name:
            continue
        column, unit = by_header.get(name), None
        if column is None and (m := _UNIT_SUFFIX.match(name)):
            candidate = by_header.get(m.group(1))
            if candidate is not None and candidate.type in UNIT_TYPES:
                column, unit = candidate, m.group(2)
        if column is None:
            result.extra.append(str(raw).strip())
            continue
        if column.field in seen:
            result.duplicate.append(str(raw).strip())
            continue
        seen.add(column.field)
        result.mapped.append((index, column, unit or column.unit))
    result.missing = [c for c in template.columns if c.required and c.field not in seen]
    return result
