"""Demo problem ledger: ~200 problems raised by liaisons, enterprises and dispatch reports, walked
through every state with the real actions (so each has its full timeline)."""

from __future__ import annotations

import datetime as dt

from gaoxin.core.context import Actor

from . import actions
from .choices import Category, Severity

PROBLEMS = 200
TEXTS = {
    Category.LAND: ["项目用地指标尚未落实", "地块征收拆迁进度滞后", "土地证办理周期长"],
    Category.POWER: ["施工用电未接入", "厂房用电增容审批慢", "专线供电方案未确定"],
    Category.LABOUR: ["一线技术工人招聘困难", "高层次人才住房保障不足"],
    Category.FINANCE: ["项目贷款审批进度慢", "流动资金紧张，需协调银行授信"],
    Category.APPROVAL: ["施工许可证办理进度慢", "环评批复尚未取得", "消防验收需协调"],
    Category.INFRASTRUCTURE: ["项目周边道路未贯通", "供水管网未接入", "天然气管道未铺设"],
    Category.OTHER: ["周边群众阻工", "企业希望对接上下游配套"],
}
#: final state → its share of the demo problems
PLAN = [("pending", 0.12), ("in_progress", 0.25), ("resolved", 0.13), ("closed", 0.42), ("returned", 0.08)]


def _handler(ctx, problem):
    staff = [u for u in ctx.people.get("staff", []) if u.unit_id == problem.lead_department_id]
    return Actor(user=staff[0] if staff else ctx.people["leader"][0])


def _walk(ctx, problem, target: str, raiser: Actor, rng) -> None:
    day = problem.raised_on
    step = lambda n: min(ctx.today, day + dt.timedelta(days=n))  # noqa: E731
    handler = _handler(ctx, problem)
    if target == "returned":
        actions.return_problem(problem, "请补充具体诉求和联系人", handler)
        return
    if target == "pending":
        return
    actions.accept(problem, handler, today=step(1))
    if rng.random() < 0.1:
        actions.supervise(
            problem,
            "请于三日内报送整改方案",
            ctx.today + dt.timedelta(days=3),
            Actor(user=ctx.people["leader"][0]),
        )
    if target == "in_progress":
        if rng.random() < 0.2:
            actions.request_extension(
                problem, problem.deadline + dt.timedelta(days=15), "需上级部门审批", handler
            )
        return
    late = rng.random() < 0.25
    days = (problem.deadline - problem.raised_on).days
    actions.resolve(
        problem,
        "已协调相关单位解决",
        handler,
        today=step(days + rng.randint(1, 10) if late else rng.randint(1, max(days, 1))),
    )
    if target == "closed":
        if problem.raised_by_id and rng.random() < 0.9:
            actions.confirm(problem, rng.choice([5, 5, 4, 4, 3, 2]), raiser, "", today=step(days + 12))
        else:
            actions.override_close(
                problem,
                "提出人多次联系未回复，经核实问题已解决",
                Actor(user=ctx.people["leader"][0]),
                today=step(days + 12),
            )


def build(ctx) -> None:
    rng = ctx.rng
    projects = ctx.data.get("projects", [])
    accounts = list(ctx.people.get("enterprise", []))
    states = [s for s, share in PLAN for _ in range(round(share * PROBLEMS))]
    for target in states:
        category = rng.choice(list(TEXTS))
        raised_on = ctx.today - dt.timedelta(days=rng.randint(0 if target == "pending" else 3, 200))
        project = rng.choice(projects) if projects and rng.random() < 0.85 else None
        by_firm = project is None and accounts
        user = rng.choice(accounts) if by_firm else (project.liaison if project else ctx.people["liaison"][0])
        raiser = Actor(user=user, source="cli")
        data = {
            "description": rng.choice(TEXTS[category]),
            "category": category,
            "severity": rng.choice([Severity.ORDINARY] * 6 + [Severity.MAJOR] * 3 + [Severity.URGENT]),
            "project": project,
            "raised_on": raised_on,
            "lead_department": None
            if project and project.department.level == 2 and rng.random() < 0.7
            else rng.choice(_departments(ctx)),
        }
        problem = actions.raise_problem(data, raiser, today=raised_on)
        _walk(ctx, problem, target, raiser, rng)
    count = actions.escalate_overdue(ctx.zone, Actor.system("超期升级"), today=ctx.today)
    ctx.progress(f"问题 {len(states)} 个（各办理状态，{count} 个超期已升级）")


def _departments(ctx):
    return [u for name, u in ctx.units.items() if u.level == 2 and u.kind == "department"]
