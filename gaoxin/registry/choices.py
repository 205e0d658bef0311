from __future__ import annotations

from decimal import Decimal

from django.db import models

from .reference import hitech_domains


class QualificationKind(models.TextChoices):
    """The kinds of qualification.yaml; 省级/市级 variants are the same kind at another ``level``."""

    HTE = "hte", "高新技术企业"
    TSME = "tsme", "科技型中小企业"
    INNOVATIVE_SME = "innovative_sme", "创新型中小企业"
    SRDI_SME = "srdi_sme", "专精特新中小企业"
    LITTLE_GIANT = "little_giant", '专精特新"小巨人"企业'
    SINGLE_CHAMPION = "single_champion", "制造业单项冠军企业"
    GAZELLE = "gazelle", "瞪羚企业"
    POTENTIAL_GAZELLE = "potential_gazelle", "潜在瞪羚企业"
    UNICORN = "unicorn", "独角兽企业"
    POTENTIAL_UNICORN = "potential_unicorn", "潜在独角兽企业"


class Level(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区级"


#: The level a qualification is granted at when the file leaves it empty.
DEFAULT_LEVEL = {
    QualificationKind.HTE: Level.NATIONAL,
    QualificationKind.TSME: Level.NATIONAL,
    QualificationKind.INNOVATIVE_SME: Level.PROVINCIAL,
    QualificationKind.SRDI_SME: Level.PROVINCIAL,
    QualificationKind.LITTLE_GIANT: Level.NATIONAL,
    QualificationKind.SINGLE_CHAMPION: Level.NATIONAL,
    QualificationKind.GAZELLE: Level.MUNICIPAL,
    QualificationKind.POTENTIAL_GAZELLE: Level.MUNICIPAL,
    QualificationKind.UNICORN: Level.PROVINCIAL,
    QualificationKind.POTENTIAL_UNICORN: Level.PROVINCIAL,
}
#: Validity in years from the grant date (高企 3 years: 国科发火〔2016〕32号); 科技型中小企业 is valid for
#: the year of its 入库 registration (``"year"``): until 31 December of the grant year.
VALIDITY = {
    QualificationKind.HTE: 3,
    QualificationKind.TSME: "year",
    QualificationKind.INNOVATIVE_SME: 3,
    QualificationKind.SRDI_SME: 3,
    QualificationKind.LITTLE_GIANT: 3,
    QualificationKind.SINGLE_CHAMPION: 3,
    QualificationKind.GAZELLE: 1,
    QualificationKind.POTENTIAL_GAZELLE: 1,
    QualificationKind.UNICORN: 1,
    QualificationKind.POTENTIAL_UNICORN: 1,
}
EXPIRING_DAYS = 90


class Source(models.TextChoices):
    MANUAL = "manual", "手工录入"
    IMPORT = "import", "文件导入"
    DEMO = "demo", "演示数据"


def hitech_domain_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in hitech_domains()]


LEVEL_CHOICES = [(c, c) for c in ("无", "市级", "省级", "国家级")]

WAN = Decimal(10_000)
#: Revenue bands of the enterprise list filter (营业收入, latest year), in 元.
REVENUE_BANDS = {
    "lt500w": ("500万元以下", None, 500 * WAN),
    "500w_2000w": ("500万–2000万元", 500 * WAN, 2000 * WAN),
    "2000w_1y": ("2000万–1亿元", 2000 * WAN, 10_000 * WAN),
    "1y_10y": ("1亿–10亿元", 10_000 * WAN, 100_000 * WAN),
    "gte10y": ("10亿元以上", 100_000 * WAN, None),
}
