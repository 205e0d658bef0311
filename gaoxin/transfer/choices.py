from django.db import models


class JobPhase(models.TextChoices):
    """Where an import run for the page stands (``ImportJob.phase``; also the phases ``run_import`` reports)."""

    READING = "reading", "读取文件"
    VALIDATING = "validating", "校验"
    WRITING = "writing", "写入"
    DONE = "done", "完成"
    FAILED = "failed", "失败"
