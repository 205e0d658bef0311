"""Deterministic synthetic enterprises, figures and qualifications (demo and bench).

Everything random comes from the ``rng`` passed in. Objects are returned unsaved so callers can
``bulk_create`` tens of thousands at once.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from functools import cache

from . import uscc
from .choices import DEFAULT_LEVEL, QualificationKind, Source
from .models import Enterprise, EnterpriseYear, Qualification, expiry_for
from .reference import divisions, hitech_domains, industries

CITY = "江城"
WORDS = [
    "华创",
    "博远",
    "中科",
    "天成",
    "鼎新",
    "恒达",
    "宏图",
    "瑞丰",
    "启明",
    "汇智",
    "云帆",
    "蓝海",
    "星辰",
    "智联",
    "光谷",
    "长江",
    "东湖",
    "楚天",
    "金桥",
    "锐思",
    "联创",
    "凯越",
    "新纪元",
    "融通",
    "卓越",
    "智芯",
    "微纳",
    "合力",
    "海纳",
    "昊天",
    "众诚",
    "德赛",
    "拓普",
    "数字",
    "飞鹏",
    "康瑞",
    "华晟",
    "正泰",
    "同心",
    "鸿鹄",
    "精工",
    "远景",
    "领航",
    "睿达",
    "安泰",
    "嘉禾",
    "青松",
    "朗润",
    "九州",
    "永信",
    "思源",
    "华尔",
    "汉江",
    "明德",
    "赛尔",
    "通达",
    "智谷",
    "芯动",
    "云图",
    "极光",
]
TRADES = {
    "C": ["智能装备", "精密机械", "新材料", "电子", "光电", "生物医药", "汽车零部件", "仪器仪表", "新能源"],
    "I": ["软件", "信息技术", "数据科技", "网络科技", "智能科技", "云计算"],
    "M": ["检测技术", "工程技术", "环境科技", "生物技术", "设计研究"],
}
OTHER_TRADES = ["科技", "实业", "技术服务", "供应链", "建设科技"]
SECTION_WEIGHTS = [("C", 50), ("I", 20), ("M", 15), ("F", 4), ("L", 3), ("E", 3), ("G", 3), ("K", 2)]
CODE_ALPHABET = uscc.CHARSET


@cache
def _industry_pool() -> dict[str, list[str]]:
    pool: dict[str, list[str]] = {}
    for code, row in industries().items():
        if row["level"] == "小类":
            pool.setdefault(row["section"], []).append(row["section"] + code)
    return pool


@cache
def _division_pool(prefix: str) -> tuple[list[str], list[str]]:
    local = [c for c in divisions() if c.startswith(prefix[:4]) and not c.endswith("00")]
    return local or [prefix], [c for c in divisions() if not c.endswith("00")]


def credit_code(rng, index: int, division_prefix: str = "420100") -> str:
    local, anywhere = _division_pool(division_prefix)
    division = rng.choice(local) if rng.random() < 0.85 else rng.choice(anywhere)
    body, n = "", index
    for _ in range(7):
        n, r = divmod(n, 31)
        body = CODE_ALPHABET[r] + body
    return uscc.make(division, "MA" + body)


def _weighted_section(rng) -> str:
    pick = rng.uniform(0, sum(w for _, w in SECTION_WEIGHTS))
    for section, weight in SECTION_WEIGHTS:
        pick -= weight
        if pick <= 0:
            return section
    return "C"


def enterprise(rng, index: int, units: list, liaisons: list, today: dt.date, division="420100") -> Enterprise:
    section = _weighted_section(rng)
    trade = rng.choice(TRADES.get(section, OTHER_TRADES))
    name = f"{CITY}{rng.choice(WORDS)}{rng.choice(WORDS)}{trade}有限公司"
    established = today - dt.timedelta(days=rng.randint(400, 365 * 25))
    capital = _money(rng.choice([50, 100, 200, 500, 1000, 2000, 5000, 10000]) * 10_000)
    return Enterprise(
        uscc=credit_code(rng, index, division),
        name=name,
        established_on=established,
        registered_capital=capital,
        industry_code=rng.choice(_industry_pool()[section]),
        hitech_domain=rng.choice(hitech_domains()) if section in "CIM" and rng.random() < 0.7 else "",
        unit=rng.choice(units),
        address=f"{CITY}市高新区{rng.choice(WORDS)}路{rng.randint(1, 999)}号",
        listed=rng.random() < 0.02,
        contact_name=rng.choice("王李张刘陈杨黄赵吴周") + rng.choice(["经理", "女士", "先生", "主任"]),
        contact_phone=rng.choice(["138", "139", "150", "186", "177"]) + f"{rng.randrange(10**8):08d}",
        liaison=rng.choice(liaisons) if liaisons and rng.random() < 0.6 else None,
    )


CENT = Decimal("0.01")


def _money(x: float) -> Decimal:
    return Decimal(int(x)).quantize(CENT)


def figures(rng, scale: float, year: int, base_year: int, hte: bool = False) -> dict:
    """Plausible figures of one year for an enterprise of revenue ``scale`` (元) in ``base_year``.
    ``hte``: the enterprise holds 高新技术企业 status, so its R&D, staff and high-tech revenue look the part."""
    revenue = scale * (1 + rng.uniform(-0.05, 0.25)) ** (year - base_year)
    employees = max(5, int(revenue / rng.uniform(6e5, 1.8e6)))
    rd = revenue * (rng.uniform(0.045, 0.09) if hte else rng.uniform(0.015, 0.09))
    tech = int(employees * (rng.uniform(0.12, 0.45) if hte else rng.uniform(0.1, 0.45)))
    assets = revenue * rng.uniform(0.6, 1.8)
    profit = revenue * rng.uniform(-0.05, 0.15)
    values = {
        "main_business_revenue": _money(revenue), "other_business_revenue": _money(revenue * rng.uniform(0, 0.05)),
        "total_income": _money(revenue * 1.04), "non_taxable_income": _money(revenue * rng.uniform(0, 0.01)),
        "hitech_revenue": _money(revenue * (rng.uniform(0.6, 0.95) if hte else rng.uniform(0.3, 0.9))), "rd_expense": _money(rd),
        "rd_expense_domestic": _money(rd * rng.uniform(0.9, 1)), "rd_expense_superdeduction": _money(rd * 0.92),
        "rd_superdeduction_tax_relief": _money(rd * 0.92 * 0.25 * 0.5),
        "total_cost_expense": _money(revenue * rng.uniform(0.75, 0.97)), "employees": employees,
        "tech_staff": tech, "rd_staff": int(tech * rng.uniform(0.5, 0.9)),
        "postgraduate_staff": int(tech * rng.uniform(0.02, 0.3)), "new_graduates_hired": rng.randint(0, max(1, employees // 20)),
        "total_assets": _money(assets), "total_liabilities": _money(assets * rng.uniform(0.2, 0.7)),
        "total_profit": _money(profit), "net_profit": _money(profit * 0.85), "tax_paid": _money(revenue * rng.uniform(0.02, 0.07)),
        "export_value": _money(revenue * rng.uniform(0, 0.3)) if rng.random() < 0.3 else _money(0),
        "ip_class1": rng.randint(0, 12), "ip_class1_self_developed": None, "ip_class1_high_value": rng.randint(0, 3),
        "ip_class2": rng.randint(0, 40), "invention_applications": rng.randint(0, 10), "pct_applications": rng.randint(0, 2),
        "tech_conversions": rng.randint(0, 8), "tech_contract_value": _money(revenue * rng.uniform(0, 0.05)),
        "standards_led": rng.randint(0, 2), "funded_projects": rng.randint(0, 3),
        "equity_financing": _money(revenue * rng.uniform(0, 0.5)) if rng.random() < 0.15 else _money(0),
        "valuation_usd_100m": None, "main_product_domestic_share": (Decimal(rng.randint(1, 300)) / 1000).quantize(Decimal("0.000001")),
        "years_in_niche": rng.randint(2, 20), "rd_institution_level": rng.choice(["无", "无", "市级", "省级", "国家级"]),
        "sci_award_level": rng.choice(["无", "无", "无", "市级", "省级"]),
        "major_incident": rng.random() < 0.01, "dishonest_listed": rng.random() < 0.01,
    }  # fmt: skip
    values["ip_class1_self_developed"] = int(values["ip_class1"] * rng.uniform(0.5, 1))
    for key in rng.sample(sorted(values), k=rng.choice([0, 0, 0, 2, 5])):
        values[key] = None  # some figures are unknown
    return values


def revenue_scale(rng) -> float:
    return math.exp(rng.gauss(math.log(3e7), 1.3))


def years_for(
    rng, ent: Enterprise, years: list[int], scale: float | None = None, hte: bool = False
) -> list[EnterpriseYear]:
    scale = scale or revenue_scale(rng)
    rows = []
    for year in years:
        if rng.random() < 0.03:
            continue  # a year never reported
        rows.append(
            EnterpriseYear(
                enterprise=ent, year=year, source=Source.DEMO, **figures(rng, scale, year, years[0], hte)
            )
        )
    return rows


QUALIFICATION_ODDS = [
    (QualificationKind.HTE, 0.40, 3),  # × the share with a 高新技术领域 (HTE needs one) ≈ 25 %
    (QualificationKind.TSME, 0.40, 1),
    (QualificationKind.INNOVATIVE_SME, 0.12, 3),
    (QualificationKind.SRDI_SME, 0.08, 3),
    (QualificationKind.LITTLE_GIANT, 0.01, 3),
    (QualificationKind.GAZELLE, 0.03, 1),
    (QualificationKind.POTENTIAL_GAZELLE, 0.02, 1),
]


def qualifications_for(rng, ent: Enterprise, today: dt.date) -> list[Qualification]:
    out = []
    for kind, odds, years in QUALIFICATION_ODDS:
        if rng.random() >= odds or (kind == QualificationKind.HTE and not ent.hitech_domain):
            continue
        granted = today - dt.timedelta(days=rng.randint(10, 365 * years - 5))
        if kind == QualificationKind.TSME:
            granted = dt.date(today.year, rng.randint(1, max(1, today.month)), rng.randint(1, 28))
            granted = min(granted, today)
        out.append(qualification(ent, kind, granted, f"GR{granted.year}{rng.randrange(10**8):08d}"))
    return out


def qualification(ent, kind, granted: dt.date, certificate: str = "") -> Qualification:
    return Qualification(
        enterprise=ent, kind=kind, level=DEFAULT_LEVEL[kind], certificate_no=certificate, granted_on=granted,
        expires_on=expiry_for(kind, granted), source=Source.DEMO,
    )  # fmt: skip
