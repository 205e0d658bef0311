from django.db import models


class Category(models.TextChoices):
    LAND = "用地", "用地"
    POWER = "用电", "用电"
    LABOUR = "用工", "用工"
    FINANCE = "融资", "融资"
    APPROVAL = "审批", "审批"
    INFRASTRUCTURE = "基础配套", "基础配套"
    OTHER = "其他", "其他"


class Severity(models.TextChoices):
    ORDINARY = "一般", "一般"
    MAJOR = "重大", "重大"
    URGENT = "紧急", "紧急"


#: 一般问题解决不过周、重大问题解决不过月; 紧急 within a day. Zones override in Zone.settings["problem_deadline_days"].
DEFAULT_DEADLINE_DAYS = {Severity.ORDINARY: 7, Severity.MAJOR: 30, Severity.URGENT: 1}


class State(models.TextChoices):
    PENDING = "pending", "待受理"
    IN_PROGRESS = "in_progress", "办理中"
    RESOLVED = "resolved", "已办结"
    CLOSED = "closed", "已销号"
    RETURNED = "returned", "已退回"


OPEN_STATES = {State.PENDING, State.IN_PROGRESS}
SOLVED_STATES = {State.RESOLVED, State.CLOSED}


class Source(models.TextChoices):
    ENTERPRISE = "enterprise", "企业反映"
    LIAISON = "liaison", "包联干部"
    DISPATCH = "dispatch", "项目调度"
    DEPARTMENT = "department", "部门摸排"
    IMPORT = "import", "批量导入"


class CloseMode(models.TextChoices):
    CONFIRMED = "confirmed", "提出方确认"
    OVERRIDE = "override", "领导决定销号"


class ExtensionState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
