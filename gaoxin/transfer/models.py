"""The record of each committed import (which file, by whom, what it did) and the page's import jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .choices import JobPhase


class ImportCounts(models.Model):
    """What an import did to the stored rows (a committed batch, and the job that ran it)."""

    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("未变化", default=0)
    warning_count = models.PositiveIntegerField("提示", default=0)

    class Meta:
        abstract = True


class ImportBatch(ImportCounts):
    kind = models.CharField("数据类型", max_length=40, db_index=True)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件校验值（SHA-256）", max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="导入人",
    )
    user_name = models.CharField("导入人姓名", max_length=150)
    source = models.CharField("来源", max_length=20, default="web")
    time = models.DateTimeField("导入时间", auto_now_add=True, db_index=True)
    rows = models.PositiveIntegerField("行数", default=0)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = "导入批次"

    def __str__(self):
        return f"{self.file_name}（{self.time:%Y-%m-%d %H:%M}）"


class ImportJob(ImportCounts):
    """One upload validated, or one confirmed commit, run for the import page while the page polls it.

    The row holds the start and the outcome; the live counters while the job runs are its task run's
    (``run``, see ``jobs.py``).
    """

    id = models.UUIDField("任务编号", primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("数据类型", max_length=40)
    file_name = models.CharField("文件名", max_length=255)
    upload = models.CharField("上传编号", max_length=32, db_index=True)
    dry_run = models.BooleanField("仅校验", default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="操作人"
    )
    phase = models.CharField("阶段", max_length=20, choices=JobPhase.choices, default=JobPhase.READING)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    started = models.DateTimeField("开始时间", auto_now_add=True, db_index=True)
    finished = models.DateTimeField("结束时间", null=True, blank=True)
    ok = models.BooleanField("是否成功", null=True)
    valid_count = models.PositiveIntegerField("校验通过", default=0)
    error_count = models.PositiveIntegerField("错误", default=0)
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="导入批次",
    )
    message = models.TextField("失败原因", blank=True)
    run = models.ForeignKey(
        "core.TaskRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="后台任务",
    )  # fmt: skip
    # What the page shows when the job is done: the first errors and warnings, the first rows as displayed.
    detail = models.JSONField("结果明细", default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-started"]
        verbose_name = "导入任务"

    def __str__(self):
        return f"{self.file_name}（{self.get_phase_display()}）"
