"""Stored assessment results (one engine pass per year), manual inputs and the ladder's manual stages.

``Verdict`` and ``CriteriaChunk`` hold the latest run of each assessment year: a new run replaces
them atomically (``gaoxin.assessment.store``). They are written by COPY, so they are plain models
without change logging; the run itself (who, when, rule versions, counts) is ``AssessmentRun``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gaoxin.core.models import TrackedModel

from .choices import RULE_CHOICES, Outcome, RunStatus, Stage, Track


class AssessmentRun(models.Model):
    year = models.PositiveSmallIntegerField("评估年度", db_index=True)
    as_of = models.DateField("评估基准日")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="执行人",
    )  # fmt: skip
    user_name = models.CharField("执行人姓名", max_length=150)
    source = models.CharField("来源", max_length=20, default="web")
    status = models.CharField("状态", max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    rule_versions = models.JSONField("规则版本", default=dict)
    counts = models.JSONField("结论统计", default=dict, help_text="{rule: {结论: 家数}}")
    enterprise_count = models.PositiveIntegerField("企业数", default=0)
    verdict_count = models.PositiveIntegerField("结论条数", default=0)
    criterion_count = models.PositiveIntegerField("条件条数", default=0)
    gazelle_preset = models.CharField("瞪羚口径", max_length=60, blank=True)
    # "rule|version|criterion" → [unit, doc_ref, unverified]: the part of every criterion detail that is
    # the same for all enterprises, stored once here instead of in each CriteriaDetail row.
    criteria_static = models.JSONField("条件说明", default=dict, blank=True)
    seconds = models.FloatField("耗时（秒）", null=True, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "评估批次"

    def __str__(self):
        return f"{self.year} 年度资质评估（{self.started_at:%Y-%m-%d %H:%M}）"


class Verdict(models.Model):
    # No database-level FK constraints on these two (Django still cascades): a per-row FK trigger
    # would triple the COPY time, and single-column indexes duplicate the composite ones of a zone-wide run (bench/assessment_store.py).
    run = models.ForeignKey(
        AssessmentRun, on_delete=models.CASCADE, related_name="+", verbose_name="评估批次", db_constraint=False,
        db_index=False,
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="verdicts", verbose_name="企业",
        db_constraint=False, db_index=False,  # the (enterprise, year …) index below serves lookups
    )  # fmt: skip
    year = models.PositiveSmallIntegerField("评估年度")
    rule = models.CharField("资质", max_length=30, choices=RULE_CHOICES)
    version = models.CharField("规则版本", max_length=30)
    verdict = models.CharField("结论", max_length=4, choices=Outcome.choices)
    score = models.IntegerField("得分", null=True, blank=True)
    score_min = models.IntegerField("得分下限", null=True, blank=True)
    score_max = models.IntegerField("得分上限", null=True, blank=True)
    missing = models.TextField("缺少数据", blank=True, default="")
    distance = models.FloatField(
        "相对差距", null=True, blank=True, help_text="未达标条件中最大的 |门槛−实际值|/|门槛|；符合为 0"
    )

    class Meta:
        verbose_name = "评估结论"
        indexes = [
            # The list's order (closest first) after its usual filters, so that a page needs no sort of
            # every verdict (50k-enterprise demo on SQLite: no filter 472 → 55 ms, rule 87 → 62 ms,
            # verdict 805 → 479 ms). The price: storing 1M verdicts by COPY 3.4 → 8 s (bench/assessment_store.py).
            models.Index(
                fields=["year", "rule", "verdict", "distance", "id"], name="assess_verdict_rule_order"
            ),
            models.Index(fields=["year", "distance", "id"], name="assess_verdict_year_dist"),
            models.Index(fields=["enterprise", "year"], name="assess_verdict_ent_year"),
        ]

    def __str__(self):
        return f"{self.get_rule_display()}：{self.verdict}"


class CriteriaChunk(models.Model):
    """The per-criterion detail of one rule for a block of consecutive enterprise ids (``enterprise_from``
    … ``enterprise_to``) and one year: an Arrow IPC file (lz4) of the rows [enterprise id, version,
    criterion id, verdict, value, threshold, gap text, missing data] (``store.CHUNK_COLUMNS``); unit,
    reference and verification are the run's ``criteria_static``.

    Only the enterprise's explanation reads it, one enterprise at a time (the blocks holding its id);
    lists, filters and the ladder read ``Verdict`` (verdict + distance). 50k zone: ~800 blocks (20 MB)
    instead of 450k JSON rows (200 MB) — docs/scaling.md has the measured alternatives."""

    run = models.ForeignKey(
        AssessmentRun, on_delete=models.CASCADE, related_name="+", verbose_name="评估批次", db_constraint=False,
        db_index=False,
    )  # fmt: skip
    year = models.PositiveSmallIntegerField("评估年度")
    rule = models.CharField("资质", max_length=30, choices=RULE_CHOICES)
    enterprise_from = models.BigIntegerField("起始企业编号")
    enterprise_to = models.BigIntegerField("截止企业编号")
    rows = models.PositiveIntegerField("条件条数")
    data = models.BinaryField("条件结果（Arrow IPC）")

    class Meta:
        verbose_name = "评估条件明细"
        indexes = [models.Index(fields=["year", "enterprise_from"], name="assess_chunk_year_from")]


class EnterpriseInput(TrackedModel):
    """Inputs the figures cannot show, per enterprise and assessment year: HTE expert scores, manual
    confirmations (engine catalogue ``inputs``). ``values`` maps the engine field name to its value."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="assessment_inputs", verbose_name="企业"
    )
    year = models.PositiveSmallIntegerField("评估年度")
    values = models.JSONField("录入值", default=dict, blank=True)

    change_log_parent = "enterprise"

    class Meta:
        verbose_name = "评估补充录入"
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="assess_input_unique")]

    def __str__(self):
        return f"{self.enterprise} {self.year} 年度评估补充录入"


class LadderMark(TrackedModel):
    """A stage set by hand on one track (培育 or 申报, toward ``target``); empty stage = mark cleared."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="ladder_marks", verbose_name="企业"
    )
    track = models.CharField("梯队", max_length=10, choices=Track.choices)
    stage = models.CharField(
        "阶段",
        max_length=12,
        blank=True,
        choices=[(s.value, s.label) for s in (Stage.CULTIVATE, Stage.APPLY)],
    )
    target = models.CharField("目标资质", max_length=30, choices=RULE_CHOICES)
    note = models.CharField("备注", max_length=200, blank=True)

    change_log_parent = "enterprise"

    class Meta:
        verbose_name = "梯度培育标记"
        constraints = [models.UniqueConstraint(fields=["enterprise", "track"], name="assess_mark_unique")]

    def __str__(self):
        return f"{self.enterprise} {self.get_track_display()}：{self.get_stage_display() or '未标记'}"
