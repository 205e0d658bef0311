"""Choices of the policy library: levels, modes, statuses, verdicts and the 兑现 chain."""

from __future__ import annotations

from django.db import models

from gaoxin.engine.policyfile import LEVELS, MODES, STATUSES


class Level(models.TextChoices):
    NATIONAL = "国家级"
    PROVINCE = "省级"
    CITY = "市级"
    DISTRICT = "区级"


class Mode(models.TextChoices):
    AUTO = "免申即享"
    FAST = "快申快享"
    APPLY = "申报"


class PolicyStatus(models.TextChoices):
    DRAFT = "草稿"
    PUBLISHED = "已发布"
    REPEALED = "已废止"


class Outcome(models.TextChoices):
    MATCH = "符合"
    FAIL = "不符合"
    UNKNOWN = "数据不足"


class ClaimStatus(models.TextChoices):
    """The 兑现 chain: 意愿确认 / 申报 → 部门审核 → 公示 → 核定 → 拨付 (or 不予支持)."""

    CONFIRMED = "confirmed", "已确认"
    REVIEWED = "reviewed", "审核通过"
    PUBLICITY = "publicity", "公示中"
    APPROVED = "approved", "已核定"
    PAID = "paid", "已拨付"
    REJECTED = "rejected", "不予支持"


#: Claims whose amount counts against the fund (核定 and paid).
COMMITTED = (ClaimStatus.APPROVED, ClaimStatus.PAID)
OPEN = (ClaimStatus.CONFIRMED, ClaimStatus.REVIEWED, ClaimStatus.PUBLICITY)

assert (
    tuple(Level.values) == LEVELS and tuple(Mode.values) == MODES and tuple(PolicyStatus.values) == STATUSES
)

#: Zone settings (Zone.settings) this app reads, with defaults.
PUBLICITY_DAYS = ("policy_publicity_days", 5)  # 公示期（工作日）
CUT_RULE = ("policy_budget_cut", "pro_rata")  # pro_rata（按比例）or in_order（按匹配顺序）
NEAR_SHARE = ("policy_near_share", 0.3)  # near miss: the gap is at most this share of the input's value
