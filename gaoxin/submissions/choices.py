from django.db import models


class Kind(models.TextChoices):
    ENTERPRISE = "enterprise", "基本信息"
    YEAR = "year", "年度数据"
    QUALIFICATION = "qualification", "资质"


class Status(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "审核通过"
    RETURNED = "returned", "退回"
    WITHDRAWN = "withdrawn", "已撤回"
