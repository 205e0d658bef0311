"""Assessment vocabulary: rule ids, verdicts, the two cultivation tracks and their stages."""

from __future__ import annotations

from django.db import models

#: Rule ids of the engine (== registry qualification kinds) with their Chinese names.
RULES: dict[str, str] = {
    "tsme": "科技型中小企业",
    "hte": "高新技术企业",
    "gazelle": "瞪羚企业",
    "unicorn": "独角兽企业",
    "potential_gazelle": "潜在瞪羚企业",
    "potential_unicorn": "潜在独角兽企业",
    "innovative_sme": "创新型中小企业",
    "srdi_sme": "专精特新中小企业",
    "little_giant": '专精特新"小巨人"企业',
    "single_champion": "制造业单项冠军企业",
}
RULE_CHOICES = list(RULES.items())


class Outcome(models.TextChoices):
    """A verdict as the engine gives it (stored with the engine's Chinese words)."""

    PASS = "符合", "符合"
    FAIL = "不符合", "不符合"
    UNKNOWN = "数据不足", "数据不足"


class Track(models.TextChoices):
    TECH = "tech", "科技创新梯队"
    SRDI = "srdi", "专精特新梯队"


#: The tiers of each track, lowest first (rule ids).
TRACK_TIERS: dict[str, tuple[str, ...]] = {
    Track.TECH: ("tsme", "hte", "gazelle", "unicorn"),
    Track.SRDI: ("innovative_sme", "srdi_sme", "little_giant", "single_champion"),
}


class Stage(models.TextChoices):
    """Funnel order. 培育 and 申报 are set by staff; the others are computed (docs/assessment.md)."""

    RESERVE = "reserve", "储备"
    CULTIVATE = "cultivate", "培育"
    APPLY = "apply", "申报"
    RECOGNISED = "recognised", "认定"
    GROWTH = "growth", "成长"


MANUAL_STAGES = (Stage.CULTIVATE, Stage.APPLY)
DEFAULT_NEAR_GAP = 0.15
DEFAULT_GAZELLE_PRESET = "jinan_hitech_zone_2016"  # the first choice of the zone settings form


class RunStatus(models.TextChoices):
    RUNNING = "running", "运行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
