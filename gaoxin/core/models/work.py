"""One background operation (an import, a whole-zone assessment, points, a bulletin) and its live progress.

Django's Tasks framework (``django.tasks`` with the database backend ``django_tasks_db``) queues and runs
the work; this row is what every server process reads: who started it, its phase and counters, its outcome
or the reason it failed, and the arguments to run it again (``gaoxin.core.work``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class WorkState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "处理中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class TaskRun(models.Model):
    id = models.UUIDField("任务编号", primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("任务类型", max_length=40, db_index=True)
    label = models.CharField("任务名称", max_length=200)
    task_path = models.CharField("任务函数", max_length=200)
    arguments = models.JSONField("任务参数", default=dict, encoder=DjangoJSONEncoder)
    result_id = models.CharField("队列编号", max_length=64, blank=True, db_index=True)
    state = models.CharField(
        "状态", max_length=10, choices=WorkState.choices, default=WorkState.QUEUED, db_index=True
    )
    phase = models.CharField("阶段", max_length=40, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.TextField("失败原因", blank=True)
    result = models.JSONField("结果", default=dict, encoder=DjangoJSONEncoder)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="发起人",
    )
    worker = models.CharField("执行进程", max_length=120, blank=True)
    attempt = models.PositiveSmallIntegerField("第几次执行", default=1)
    retry_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="重试自"
    )
    created = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    started = models.DateTimeField("开始时间", null=True, blank=True)
    heartbeat = models.DateTimeField("最近进展", null=True, blank=True)
    finished = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "后台任务"

    def __str__(self):
        return f"{self.label}（{self.get_state_display()}）"

    @property
    def percent(self) -> int | None:
        if self.state == WorkState.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else None
