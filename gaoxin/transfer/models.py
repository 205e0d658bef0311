"""The record of each committed import: which file, by whom, what it did."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
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
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("未变化", default=0)
    warning_count = models.PositiveIntegerField("提示", default=0)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = "导入批次"

    def __str__(self):
        return f"{self.file_name}（{self.time:%Y-%m-%d %H:%M}）"
