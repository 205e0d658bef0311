from django.db import models


class ProjectType(models.TextChoices):
    INDUSTRIAL = "产业项目", "产业项目"
    INFRASTRUCTURE = "基础设施", "基础设施"
    LIVELIHOOD = "民生工程", "民生工程"
    INNOVATION = "科技创新项目", "科技创新项目"


class ProjectLevel(models.TextChoices):
    PROVINCIAL = "省级重点", "省级重点"
    MUNICIPAL = "市级重点", "市级重点"
    DISTRICT = "区级重点", "区级重点"
    ORDINARY = "一般", "一般"


class Stage(models.TextChoices):
    """The project lifecycle, in order; 终止 ends it early (with a reason)."""

    SIGNED = "签约", "签约"
    LAND = "供地", "供地"
    STARTED = "开工", "开工"
    PRODUCING = "投产", "投产"
    FULL = "达产", "达产"
    TERMINATED = "终止", "终止"


#: Stage → the project's (planned date field, actual date field), in lifecycle order.
MILESTONES: dict[str, tuple[str | None, str]] = {
    Stage.SIGNED: (None, "signed_on"),
    Stage.LAND: ("land_planned_on", "land_supplied_on"),
    Stage.STARTED: ("start_planned_on", "started_on"),
    Stage.PRODUCING: ("production_planned_on", "production_started_on"),
    Stage.FULL: ("full_capacity_planned_on", "full_capacity_on"),
}
LIFECYCLE = list(MILESTONES)
STARTED_STAGES = {Stage.STARTED, Stage.PRODUCING, Stage.FULL}
PRODUCING_STAGES = {Stage.PRODUCING, Stage.FULL}
#: Stages in which a project reports (调度) and can lag.
ACTIVE_STAGES = {Stage.SIGNED, Stage.LAND, Stage.STARTED, Stage.PRODUCING}


class Status(models.TextChoices):
    NORMAL = "正常", "正常"
    LAGGING = "滞后", "滞后"
    SEVERE = "严重滞后", "严重滞后"


STATUS_COLOURS = {Status.NORMAL: "#2fb344", Status.LAGGING: "#f59f00", Status.SEVERE: "#d63939"}


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"


class RankingKind(models.TextChoices):
    MONTHLY = "monthly", "月度红黑榜"
    QUARTERLY = "quarterly", "季度骏马奖/蜗牛奖"
    YEARLY = "yearly", "年度骏马奖/蜗牛奖"


class RankingSeries(models.TextChoices):
    DEPARTMENT = "department", "部门"
    AREA = "area", "街道/园区"


#: Unit kinds in each ranking series.
SERIES_UNIT_KINDS = {
    RankingSeries.DEPARTMENT: {"department", "committee"},
    RankingSeries.AREA: {"subdistrict", "town", "park"},
}

#: Node templates used when a zone has not defined its own: (node, days allowed, 要素保障部门, milestone).
DEFAULT_NODE_TEMPLATES: dict[str, list[tuple[str, int, str, str]]] = {
    ProjectType.INDUSTRIAL: [
        ("立项", 15, "经济发展局", ""),
        ("用地", 60, "自然资源分局", Stage.LAND),
        ("规划许可", 30, "规划建设局", ""),
        ("环评", 30, "规划建设局", ""),
        ("施工许可", 20, "政务服务中心", ""),
        ("开工", 15, "规划建设局", Stage.STARTED),
        ("主体完工", 240, "规划建设局", ""),
        ("设备安装", 90, "经济发展局", ""),
        ("投产", 60, "经济发展局", Stage.PRODUCING),
    ],
    ProjectType.INFRASTRUCTURE: [
        ("立项", 20, "经济发展局", ""),
        ("规划许可", 30, "规划建设局", ""),
        ("施工许可", 20, "政务服务中心", ""),
        ("开工", 15, "规划建设局", Stage.STARTED),
        ("主体完工", 300, "规划建设局", ""),
        ("竣工验收", 60, "规划建设局", Stage.PRODUCING),
    ],
    ProjectType.LIVELIHOOD: [
        ("立项", 20, "经济发展局", ""),
        ("施工许可", 30, "政务服务中心", ""),
        ("开工", 15, "规划建设局", Stage.STARTED),
        ("主体完工", 180, "规划建设局", ""),
        ("交付使用", 60, "规划建设局", Stage.PRODUCING),
    ],
    ProjectType.INNOVATION: [
        ("立项", 15, "科技创新局", ""),
        ("场地落实", 45, "招商合作局", Stage.LAND),
        ("开工", 15, "科技创新局", Stage.STARTED),
        ("设备安装", 120, "科技创新局", ""),
        ("投产", 60, "科技创新局", Stage.PRODUCING),
    ],
}
