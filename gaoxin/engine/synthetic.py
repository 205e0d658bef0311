"""Deterministic synthetic zone data in the engine input contract (Polars only, no numpy)."""

from __future__ import annotations

from datetime import date

import polars as pl

from gaoxin.engine.frames import enterprises_schema, years_schema

DOMAINS = [
    "电子信息",
    "生物与新医药",
    "航空航天",
    "新材料",
    "高技术服务",
    "新能源与节能",
    "资源与环境",
    "先进制造与自动化",
]
LEVELS = ["无", "市级", "省级", "国家级"]
WAN = 10**6  # 1万元 in 分


def _r(idx: pl.Expr, salt: int, seed: int) -> pl.Expr:
    """Uniform-ish integer in [0, 10000) from a hash of (row, salt, seed)."""
    return ((idx * 1_000_003 + salt * 7919).hash(seed) % 10_000).cast(pl.Int64)


def _maybe_null(expr: pl.Expr, idx: pl.Expr, salt: int, seed: int, pct: int = 3) -> pl.Expr:
    return pl.when(_r(idx, salt + 500, seed) < pct * 100).then(None).otherwise(expr)


def enterprises(count: int, year: int, seed: int = 7) -> pl.DataFrame:
    index = pl.col("i")
    est = pl.lit(date(year - 20, 1, 1)) + pl.duration(days=_r(index, 1, seed) * 7000 // 10_000)
    hte = pl.struct(
        kind=pl.lit("高新技术企业"),
        level=pl.lit("国家级"),
        granted_on=pl.lit(date(year - 3, 1, 1)) + pl.duration(days=_r(index, 3, seed) % 1000),
        expires_on=pl.lit(None, pl.Date),
    )
    schema = enterprises_schema(["industry_restricted", "is_sme", "hte_expert_advancement"])
    frame = pl.DataFrame({"i": pl.arange(0, count, eager=True)}).select(
        uscc=pl.lit("913701") + index.cast(pl.String).str.zfill(12),
        name=pl.lit("企业") + index.cast(pl.String),
        established_on=est,
        registered_capital=(_r(index, 4, seed) + 1) * WAN,
        industry_code=pl.lit("C3981"),
        hitech_domain=_maybe_null(pl.lit(DOMAINS).list.get(_r(index, 5, seed) % 8), index, 5, seed, 10),
        listed=_r(index, 6, seed) < 200,
        held=pl.when(_r(index, 2, seed) < 2500)
        .then(pl.concat_list([hte]))
        .otherwise(pl.concat_list([hte]).list.head(0)),
        industry_restricted=_r(index, 7, seed) < 100,
        is_sme=_r(index, 8, seed) < 9000,
        hte_expert_advancement=pl.when(_r(index, 9, seed) < 3000).then(_r(index, 10, seed) % 9),
    )
    return frame.cast(schema)


def years(count: int, year: int, seed: int = 7, span: int = 4) -> pl.DataFrame:
    """Accounting years year-span .. year-1 for every enterprise."""
    base = pl.DataFrame({"i": pl.arange(0, count, eager=True)}).join(
        pl.DataFrame({"year": pl.arange(year - span, year, eager=True).cast(pl.Int64)}), how="cross"
    )
    index, year_offset = pl.col("i"), pl.col("year") - (year - span)
    row = index * 16 + year_offset
    scale = (_r(index, 11, seed) * _r(index, 12, seed) // 100 + 50) * WAN  # 50万元 .. ~10亿元, skewed
    growth = 80 + _r(row, 13, seed) % 60  # 80%..140% per year, compounded below
    revenue = scale * (100 + year_offset * (growth - 100)) // 100
    main = revenue * (70 + _r(row, 14, seed) % 30) // 100
    employees = 5 + _r(index, 15, seed) % 400
    sometimes_null = lambda expr, salt, pct=3: _maybe_null(expr, row, salt, seed, pct)  # noqa: E731
    cols = {
        "uscc": pl.lit("913701") + index.cast(pl.String).str.zfill(12),
        "year": pl.col("year"),
        "main_business_revenue": sometimes_null(main, 20),
        "other_business_revenue": sometimes_null(revenue - main, 21),
        "total_income": sometimes_null(revenue + revenue // 50, 22),
        "non_taxable_income": sometimes_null(revenue // 100, 23),
        "hitech_revenue": sometimes_null(revenue * (_r(row, 24, seed) % 100) // 100, 24),
        "rd_expense": sometimes_null(revenue * (_r(row, 25, seed) % 1200) // 10_000, 25),
        "rd_expense_domestic": sometimes_null(revenue * (_r(row, 25, seed) % 1200) // 12_000, 26),
        "total_cost_expense": sometimes_null(revenue * 85 // 100, 27),
        "employees": sometimes_null(employees, 28),
        "tech_staff": sometimes_null(employees * (_r(row, 29, seed) % 40) // 100, 29),
        "rd_staff": sometimes_null(employees * (_r(row, 30, seed) % 30) // 100, 30),
        "postgraduate_staff": sometimes_null(employees * (_r(row, 31, seed) % 20) // 100, 31),
        "new_graduates_hired": sometimes_null(_r(row, 32, seed) % 20, 32),
        "total_assets": sometimes_null(revenue * (50 + _r(row, 33, seed) % 150) // 100, 33),
        "total_liabilities": sometimes_null(revenue * (10 + _r(row, 34, seed) % 100) // 100, 34),
        "total_profit": sometimes_null(revenue * (_r(row, 35, seed) % 30 - 5) // 100, 35),
        "net_profit": sometimes_null(revenue * (_r(row, 36, seed) % 25 - 5) // 100, 36),
        "ip_class1": sometimes_null(_r(row, 37, seed) % 6, 37),
        "ip_class1_self_developed": sometimes_null(_r(row, 38, seed) % 4, 38),
        "ip_class1_high_value": sometimes_null(_r(row, 39, seed) % 2, 39),
        "ip_class2": sometimes_null(_r(row, 40, seed) % 12, 40),
        "invention_applications": sometimes_null(_r(row, 41, seed) % 10, 41),
        "pct_applications": sometimes_null(_r(row, 42, seed) % 3, 42),
        "tech_conversions": sometimes_null(_r(row, 43, seed) % 7, 43),
        "tech_contract_value": sometimes_null(revenue * (_r(row, 44, seed) % 10) // 100, 44),
        "standards_led": sometimes_null(_r(row, 45, seed) % 2, 45),
        "funded_projects": sometimes_null(_r(row, 46, seed) % 3, 46),
        "equity_financing": sometimes_null((_r(row, 47, seed) % 3000) * WAN * (_r(row, 48, seed) < 1500), 47),
        "rd_superdeduction_tax_relief": sometimes_null(revenue // 200, 49),
        "main_product_domestic_share": sometimes_null(_r(row, 50, seed) * 30, 50),
        "years_in_niche": sometimes_null(_r(index, 51, seed) % 15, 51),
        "rd_institution_level": sometimes_null(pl.lit(LEVELS).list.get(_r(row, 52, seed) % 4), 52),
        "sci_award_level": sometimes_null(pl.lit(LEVELS).list.get(_r(row, 53, seed) % 4), 53),
        "major_incident": sometimes_null(_r(row, 54, seed) < 100, 54),
        "dishonest_listed": sometimes_null(_r(row, 55, seed) < 100, 55),
    }
    return base.select(**cols).cast({name: dtype for name, dtype in years_schema().items() if name in cols})
