from django.db import models


class IndicatorKind(models.TextChoices):
    FLOW = "流量", "流量"  # reported as 当月 and/or 累计 within the year
    STOCK = "存量", "存量"  # a level at the period end
    RATE = "比率", "比率"  # a rate reported as such: never summed or recomputed
    DERIVED = "派生", "派生"  # computed from the registry by a rule-language condition


class Frequency(models.TextChoices):
    MONTHLY = "月", "月"
    QUARTERLY = "季", "季"
    ANNUAL = "年", "年"


class PriceBasis(models.TextChoices):
    CURRENT = "现价", "现价"
    COMPARABLE = "可比价", "可比价"  # growth at comparable prices is reported, never recomputed


class TargetLevel(models.TextChoices):
    """Who set a target, from the highest level down; the zone's own target is the lowest level's."""

    PROVINCE = "省", "省"
    CITY = "市", "市"
    DISTRICT = "区", "区"
    ZONE = "园区", "园区"


LEVEL_ORDER = {level: i for i, level in enumerate(TargetLevel.values)}


class RankBy(models.TextChoices):
    YOY = "yoy", "同比增速"
    VALUE = "value", "累计值"
    COMPLETION = "completion", "目标完成率"


#: Units an indicator may be measured in. Money units convert exactly among themselves.
UNITS = ("亿元", "万元", "元", "个", "家", "人", "%")

#: Zone setting: alert when an indicator is behind 序时进度 by more than this many percentage points.
BEHIND_SETTING = "indicators_behind_points"
DEFAULT_BEHIND_POINTS = 5
