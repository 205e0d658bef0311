"""The field catalogue (fields.yaml): names, labels, storage types and scales of all engine inputs."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import polars as pl
import yaml

HERE = Path(__file__).parent

# storage type -> (value type kind, numeric unit, scale = stored integer per natural unit)
STORAGE = {
    "money": ("num", "money", 100),
    "count": ("num", "count", 1),
    "percent": ("num", "ratio", 1_000_000),
    "usd100m": ("num", "usd100m", 10_000),
    "bool": ("bool", None, None),
    "choice": ("text", None, None),
    "text": ("text", None, None),
    "date": ("date", None, None),
}
DTYPES = {
    "num": pl.Int64,
    "bool": pl.Boolean,
    "text": pl.String,
    "date": pl.Date,
}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    storage: str
    scope: str  # yearly / enterprise / inputs / derived
    unit_label: str | None = None
    choices: tuple[str, ...] | None = None
    expr: str | None = None  # derived fields only

    @property
    def kind(self) -> str:
        return "num" if self.scope == "derived" else STORAGE[self.storage][0]

    @property
    def unit(self) -> str | None:
        return "money" if self.scope == "derived" else STORAGE[self.storage][1]

    @property
    def scale(self) -> int:
        return STORAGE[self.storage][2] or 1

    @property
    def quantum(self) -> Fraction:
        """The smallest representable step of the field, in its natural unit (1 分 = 0.01 元)."""
        return Fraction(1, self.scale)

    @property
    def dtype(self) -> pl.DataType:
        return DTYPES[self.kind]

    @property
    def yearly(self) -> bool:
        return self.scope in ("yearly", "derived")


@cache
def catalog() -> dict[str, Field]:
    data = yaml.safe_load((HERE / "fields.yaml").read_text(encoding="utf-8"))
    fields = {}
    for scope in ("yearly", "enterprise", "inputs", "derived"):
        for row in data[scope]:
            choices = tuple(row["choices"]) if "choices" in row else None
            storage = row.get("type", "money")
            fields[row["field"]] = Field(
                row["field"], row["label"], storage, scope, row.get("unit"), choices, row.get("expr")
            )
    return fields


def yearly_fields() -> list[Field]:
    return [spec for spec in catalog().values() if spec.scope == "yearly"]


def unit_label(unit: str, field: Field | None = None) -> str:
    """Chinese unit for amounts of a numeric unit kind."""
    if field is not None and field.unit_label:
        return field.unit_label
    return {"money": "元", "ratio": "", "usd100m": "亿美元", "count": "", "points": "分"}.get(unit, "")
