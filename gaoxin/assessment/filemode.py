"""``gaoxin assess --input FILE``: evaluate a spreadsheet without the database.

The file is in the enterprise_year template; its rows may also carry the enterprise template's columns
(企业名称, 成立日期, 高新技术领域 …) and a ``持有资质`` column (kinds held, separated by 、; ``无`` = none, an empty cell = unknown). Rows are
read with gaoxin.transfer's pure reader, converted to the engine's storage and evaluated in one pass.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from gaoxin.engine import cli_table, evaluate
from gaoxin.engine.catalog import catalog
from gaoxin.engine.inputs import HELD
from gaoxin.engine.lang.functions import kinds
from gaoxin.registry.uscc import normalize_expr
from gaoxin.transfer.reader import Issue, read_table
from gaoxin.transfer.sheet_templates import Column, load_template

from .choices import RULES
from .convert import SOURCE_DTYPE, to_storage

HELD_COLUMN = Column("持有资质", "held", "text", note="资质名称，多个用“、”分隔")
NONE_HELD = "无"
ENTERPRISE_KEEP = ["name", "established_on", "registered_capital", "industry_code", "hitech_domain", "listed"]


class InputFileError(ValueError):
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues[:20]))


#: Template column type of each engine storage type of an ``inputs:`` field.
INPUT_TYPES = {"bool": "bool", "count": "int", "money": "money"}


def input_columns() -> tuple[Column, ...]:
    """The engine catalogue's ``inputs:`` (manual confirmations, expert scores) as template columns, headed
    by their labels (专家评分：技术的先进程度, 产品属于国家禁止、限制和淘汰类（人工确认） …)."""
    return tuple(
        Column(f.label, f.name, INPUT_TYPES.get(f.storage, "decimal"))
        for f in catalog().values()
        if f.scope == "inputs"
    )


def file_template():
    return load_template("enterprise_year").union(
        load_template("enterprise"), extra=(HELD_COLUMN, *input_columns())
    )


def read_input(path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(years, enterprises) frames in engine storage from an input file; InputFileError on bad cells."""
    template = file_template()
    parsed = read_table(path, template, filename=str(path), records=False)  # column-wise: no dict a row
    if parsed.errors:
        raise InputFileError(parsed.errors)
    types = {c.field: c.type for c in template.columns}
    year_fields = [
        c.field for c in load_template("enterprise_year").columns if c.field not in ("uscc", "year")
    ]
    inputs = [c.field for c in input_columns() if c.field in parsed.fields]
    ent_fields = [f for f in ENTERPRISE_KEEP if f in parsed.fields] + inputs
    schema = {"uscc": pl.String, "year": pl.Int64, "held": pl.String}
    schema |= {f: SOURCE_DTYPE[types[f]] for f in year_fields + ent_fields}
    empty = [None] * len(parsed.numbers)  # a column the file does not have
    data = {name: parsed.columns.get(name, empty) for name in schema}
    rows = pl.DataFrame(data, schema=schema, strict=False)
    rows = rows.with_columns(normalize_expr(pl.col("uscc")))  # one normal form, as the registry stores
    years = to_storage(rows.select("uscc", "year", *year_fields), year_fields)
    firsts = [pl.col(f).drop_nulls().first() for f in ent_fields]
    firsts.append(pl.col("held").drop_nulls().first())
    ents = rows.group_by("uscc", maintain_order=True).agg(firsts)
    ents = to_storage(ents, [f for f in ent_fields if f in catalog()])
    return years, ents


def held_lists(ents: pl.DataFrame, year: int) -> pl.DataFrame:
    """``持有资质`` text → the engine's held list (granted 1 January of the assessment year, any level)."""
    names = {**{k: k for k in kinds()}, **{rule: label for rule, label in RULES.items()}}
    # 无 = holds no qualification (an empty list: holds() is false); an empty cell stays unknown (null)
    none = ents.filter(pl.col("held").str.strip_chars() == NONE_HELD)["uscc"].to_list()
    split = ents.select("uscc", pl.col("held").str.split("、")).explode("held")
    split = split.with_columns(pl.col("held").str.strip_chars()).filter(
        pl.col("held").is_not_null() & (pl.col("held") != "") & (pl.col("held") != NONE_HELD)
    )
    unknown = split.filter(~pl.col("held").is_in(list(names)))["held"].unique().to_list()
    if unknown:
        raise InputFileError(
            [Issue(None, "持有资质", f"未知资质“{k}”（可选：{'、'.join(kinds())}）") for k in unknown]
        )
    granted = dt.date(year, 1, 1)
    structs = split.with_columns(pl.col("held").replace_strict(names)).select(
        "uscc",
        pl.struct(
            pl.col("held").alias("kind"), pl.lit(None, pl.String).alias("level"),
            pl.lit(granted).alias("granted_on"), pl.lit(None, pl.Date).alias("expires_on"),
        ).alias("held"),
    )  # fmt: skip
    lists = structs.group_by("uscc").agg(pl.col("held")).with_columns(pl.col("held").cast(HELD))
    empty = pl.DataFrame({"uscc": none, "held": [[] for _ in none]}, schema={"uscc": pl.String, "held": HELD})
    lists = pl.concat([lists, empty.filter(~pl.col("uscc").is_in(lists["uscc"].implode()))])
    return ents.drop("held").join(lists, on="uscc", how="left")


def assess_file(path, year: int, rules: list[str] | None = None, gazelle_preset: str | None = None):
    """The engine's Assessment of the file's enterprises (nothing stored)."""
    years, ents = read_input(path)
    return evaluate(years, held_lists(ents, year), year, gazelle_preset=gazelle_preset, rules=rules)


def write_table(table: pl.DataFrame, out: str | Path) -> None:
    """The CLI table as .csv (UTF-8 with BOM for Excel), .xlsx or .parquet."""
    from gaoxin.transfer.writer import write_csv, write_xlsx

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".parquet":
        table.write_parquet(out)
    elif suffix == ".xlsx":
        out.write_bytes(write_xlsx(table.columns, table.iter_rows(), "评估结果"))
    elif suffix == ".csv":
        out.write_bytes(write_csv(table.columns, table.iter_rows()))
    else:
        raise ValueError("输出文件应为 .csv、.xlsx 或 .parquet")


__all__ = ["InputFileError", "assess_file", "cli_table", "read_input", "write_table"]
