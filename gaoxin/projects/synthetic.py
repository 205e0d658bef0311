"""Synthetic key projects with node plans and weekly dispatch reports, written in bulk.

Used by the demo (120 projects) and by ``bench/projects.py`` (5,000 projects, two years of reports).
Every random choice comes from the ``rng`` passed in, so a seed gives the same zone every time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gaoxin.core.actions import change_row
from gaoxin.core.models import ObjectChange
from gaoxin.core.models.changelog import ChangeAction

from .actions import template_for
from .choices import MILESTONES, Cadence, ProjectLevel, ProjectType
from .frames import next_due, year_investment
from .models import DispatchReport, Project, ProjectNode
from .periods import due_on, period_of

CHAINS = [
    "集成电路",
    "光电子信息",
    "生物医药",
    "新能源汽车",
    "高端装备",
    "软件与信息服务",
    "新材料",
    "节能环保",
]
NAMES = ["智能制造基地", "研发中心", "产业园", "生产线扩建", "总部大楼", "中试基地", "数据中心", "配套工程"]
PUBLIC = {
    ProjectType.INFRASTRUCTURE: ["道路", "管网", "变电站"],
    ProjectType.LIVELIHOOD: ["学校", "人才公寓", "医院"],
}
TYPES = [ProjectType.INDUSTRIAL] * 6 + [
    ProjectType.INFRASTRUCTURE,
    ProjectType.LIVELIHOOD,
    ProjectType.INNOVATION,
] * 1
LEVELS = (
    [ProjectLevel.PROVINCIAL]
    + [ProjectLevel.MUNICIPAL] * 3
    + [ProjectLevel.DISTRICT] * 4
    + [ProjectLevel.ORDINARY] * 2
)
BATCH = 2000


def _money(rng, low: float, high: float) -> Decimal:
    return Decimal(int(rng.uniform(low, high) / 10_000) * 10_000)


def make_project(rng, i: int, zone, units, leaders, liaisons, today, owners) -> Project:
    kind = rng.choice(TYPES)
    year = today.year - rng.choice((0, 1, 1, 2, 2))
    last = min(today, dt.date(year, 12, 31))
    signed = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange((last - dt.date(year, 1, 1)).days + 1))
    total = _money(rng, 5e7, 3e9)
    words = PUBLIC.get(kind)
    owner = rng.choice(owners) if owners and kind == ProjectType.INDUSTRIAL else None
    name = (
        f"{rng.choice(CHAINS)}{rng.choice(NAMES)}"
        if not words
        else f"{rng.choice(['东湖', '南山', '凤凰', '光谷'])}{rng.choice(words)}工程"
    )
    return Project(
        zone=zone,
        code=f"XM{year}{i:04d}",
        name=(owner.name[:12] + name) if owner else name,
        owner=owner,
        type=kind,
        level=rng.choice(LEVELS),
        industry_chain=rng.choice(CHAINS) if not words else "",
        total_investment=total,
        annual_planned_investment=(total * Decimal(rng.uniform(0.15, 0.4))).quantize(Decimal(10_000)),
        longitude=Decimal(f"{114.40 + rng.uniform(-0.08, 0.08):.6f}"),
        latitude=Decimal(f"{30.48 + rng.uniform(-0.06, 0.06):.6f}"),
        site=f"{rng.choice(['光谷', '东湖', '南山', '凤凰'])}{rng.randint(1, 60)}号地块",
        leader=rng.choice(leaders),
        department=rng.choice(units),
        liaison=rng.choice(liaisons),
        plan_text="成立项目专班，倒排工期、挂图作战，每周调度一次。",
        signed_on=signed,
    )


def plan_nodes(rng, project: Project, today: dt.date) -> list[ProjectNode]:
    """The template's nodes with actual dates for those done by ``today`` (with drift); milestone nodes
    also set the project's planned and actual milestone dates."""
    nodes, day, drift, going = [], project.signed_on, 0, True
    stall = rng.random() < 0.15  # some projects get stuck somewhere
    for order, spec in enumerate(template_for(project.zone, project.type), start=1):
        day = day + dt.timedelta(days=spec["days"])
        drift += rng.randint(-4, 12 if stall else 3)
        actual = day + dt.timedelta(days=drift)
        going = going and actual <= today and (not stall or rng.random() < 0.75)
        if project.terminated_on and actual > project.terminated_on:
            going = False
        node = ProjectNode(
            project=project, order=order, planned_on=day, actual_on=actual if going else None, **spec
        )
        nodes.append(node)
        if spec["milestone"]:
            planned, done = MILESTONES[spec["milestone"]]
            setattr(project, planned, day)
            setattr(project, done, node.actual_on)
    if project.production_started_on and project.production_started_on + dt.timedelta(days=300) < today:
        project.full_capacity_on = project.production_started_on + dt.timedelta(days=rng.randint(240, 300))
    return nodes


def weekly_reports(
    rng, project: Project, today: dt.date, since: dt.date, missing_last: bool
) -> list[DispatchReport]:
    start, _ = period_of(max(project.signed_on, since), Cadence.WEEKLY)
    pace = rng.uniform(0.5, 1.5)
    weekly = float(project.annual_planned_investment or 0) / 52 * pace
    stop = project.terminated_on or project.full_capacity_on or today
    rows, cumulative = [], Decimal(0)
    while start + dt.timedelta(days=6) < min(today, stop) - dt.timedelta(days=2):
        end = start + dt.timedelta(days=6)
        last = end + dt.timedelta(days=9) > today
        if not (last and missing_last) and rng.random() > 0.03:
            amount = Decimal(int(weekly * rng.uniform(0.2, 1.8) / 100) * 100)
            cumulative += amount
            late = rng.random() < 0.1
            submitted = end + dt.timedelta(days=rng.randint(3, 6) if late else rng.randint(0, 2))
            rows.append(
                DispatchReport(
                    project=project,
                    cadence=Cadence.WEEKLY,
                    period_start=start,
                    period_end=end,
                    period_investment=amount,
                    cumulative_investment=cumulative,
                    progress=rng.choice(PROGRESS),
                    reporter=project.liaison,
                    submitted_on=min(submitted, today),
                    on_time=min(submitted, today) <= due_on(end, project.zone),
                )
            )
        start += dt.timedelta(days=7)
    return rows


PROGRESS = [
    "土方开挖完成，正在进行基础施工",
    "主体结构施工至第三层",
    "主体结构封顶，进行内部装修",
    "设备进场安装调试中",
    "办理施工许可手续",
    "场地平整完成，临时设施搭建中",
    "试生产准备，人员招聘培训中",
    "按计划推进，无异常",
]


def populate(rng, count, zone, units, leaders, liaisons, today, owners=(), weeks=104, actor=None, start=1):
    """Create ``count`` projects with their nodes and reports; returns the saved projects."""
    projects = [
        make_project(rng, start + i, zone, units, leaders, liaisons, today, list(owners))
        for i in range(count)
    ]
    for p in projects:
        if rng.random() < 0.03:
            p.terminated_on = min(today, p.signed_on + dt.timedelta(days=rng.randint(60, 300)))
            p.termination_reason = rng.choice(["企业投资计划调整", "用地条件发生变化", "企业资金链断裂"])
    nodes = [n for p in projects for n in plan_nodes(rng, p, today)]
    for p in projects:
        p.stage = p.derive_stage()
    Project.objects.bulk_create(projects, batch_size=BATCH)
    for n in nodes:
        n.project_id = n.project.pk
    ProjectNode.objects.bulk_create(nodes, batch_size=BATCH)
    since = today - dt.timedelta(weeks=weeks)
    for p in projects:
        reports = weekly_reports(rng, p, today, since, missing_last=rng.random() < 0.12)
        for r in reports:
            r.project_id = p.pk
        DispatchReport.objects.bulk_create(reports, batch_size=BATCH)
        if reports:
            p.cumulative_investment = reports[-1].cumulative_investment
    if actor is not None:
        rows = [change_row(p, ChangeAction.CREATE, None, p.snapshot(), actor) for p in projects]
        ObjectChange.objects.bulk_create(rows, batch_size=BATCH)
    Project.objects.bulk_update(projects, ["cumulative_investment"], batch_size=BATCH)
    refresh_all(
        Project.objects.filter(zone=zone, pk__gte=projects[0].pk) if projects else Project.objects.none(),
        today,
    )
    return projects


def refresh_all(qs, today: dt.date) -> None:
    """The denormalised status inputs (next due date, this year's investment) for many projects at once."""
    due = next_due(qs)
    invest = year_investment(qs, today.replace(month=12, day=31))
    rows = [
        Project(
            pk=pk,
            next_due_on=due.get(pk),
            year_investment=invest.get(pk) or 0,
            year_investment_year=today.year,
        )
        for pk in qs.values_list("pk", flat=True)
    ]
    Project.objects.bulk_update(
        rows, ["next_due_on", "year_investment", "year_investment_year"], batch_size=BATCH
    )
