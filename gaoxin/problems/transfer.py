"""Import/export kind for the problem ledger (template problem.yaml)."""

from __future__ import annotations

import re

from gaoxin.core.actions import change_row
from gaoxin.core.compare import decimal_attnames, same_state
from gaoxin.core.models import ObjectChange
from gaoxin.core.models.changelog import ChangeAction
from gaoxin.projects.lookups import Units, enterprises_by_uscc, zone_of
from gaoxin.projects.models import Project
from gaoxin.projects.transfer import model_errors
from gaoxin.transfer.kinds import CommitCounts, Issue, Kind, ValidationResult

from . import notices
from .choices import Source, State
from .deadlines import compute_deadline
from .models import Problem
from .scopes import scoped_problems

FIELDS = ["description", "category", "severity", "raised_on", "resolved_on", "closed_on"]


def state_of(problem: Problem) -> str:
    if problem.closed_on:
        return State.CLOSED
    if problem.resolved_on:
        return State.RESOLVED
    return problem.state or State.PENDING


class ProblemKind(Kind):
    name = "problems"
    label = "问题台账"
    template_name = "problem"
    import_capability = "projects.import"
    export_capability = "problems.view"

    def validate(self, records, context):
        zone = zone_of(context)
        units = Units(zone)
        projects = {
            p.code: p
            for p in Project.objects.filter(zone=zone, code__in={r.get("project_code") for r in records})
        }
        existing = {
            p.code: p for p in Problem.objects.filter(zone=zone, code__in=[r["code"] for r in records])
        }
        firms = enterprises_by_uscc({r["uscc"] for r in records if r.get("uscc")})
        result, seen = ValidationResult(), set()
        for rec in records:
            row, issues = rec["_row"], []
            if rec["code"] in seen:
                issues.append(Issue(row, "问题编号", f"问题编号“{rec['code']}”在文件中重复"))
            seen.add(rec["code"])
            problem = existing.get(rec["code"]) or Problem(zone=zone, code=rec["code"], source=Source.IMPORT)
            for f in FIELDS:
                if f in context.fields:
                    setattr(problem, f, rec.get(f))
            problem.category = problem.category or "其他"
            lead, error = units.find(rec.get("lead_department"))
            issues += [Issue(row, "牵头部门", error)] if error else []
            problem.lead_department = lead
            co = []
            for name in filter(None, re.split(r"[、,，;；]", rec.get("co_departments") or "")):
                unit, error = units.find(name)
                issues += [Issue(row, "配合部门", error)] if error else []
                co.append(unit)
            if rec.get("project_code"):
                problem.project = projects.get(rec["project_code"])
                if problem.project is None:
                    issues.append(Issue(row, "项目编号", f"没有编号为“{rec['project_code']}”的项目"))
            if rec.get("uscc"):
                if rec["uscc"] not in firms:
                    issues.append(Issue(row, "统一社会信用代码", f"企业库中没有“{rec['uscc']}”"))
                elif hasattr(problem, "enterprise_id"):
                    problem.enterprise = firms[rec["uscc"]]
            if problem.closed_on and not problem.resolved_on:
                issues.append(Issue(row, "办结日期", "已销号的问题须填写办结日期"))
            if problem.raised_on and problem.severity:
                problem.deadline = compute_deadline(problem.raised_on, problem.severity, zone)
            problem.state = state_of(problem)
            issues += model_errors(problem, self.template, row)
            result.errors += issues
            if not issues:
                problem._co = [u for u in co if u]
                result.clean.append(problem)
        return result

    def commit(self, clean, context, batch):
        new = [p for p in clean if p.pk is None]
        old = [p for p in clean if p.pk is not None]
        before = {p.pk: p.snapshot() for p in Problem.objects.filter(pk__in=[p.pk for p in old])}
        links = Problem.co_departments.through
        linked: dict[int, set[int]] = {}
        for problem_id, unit_id in links.objects.filter(problem__in=old).values_list("problem_id", "unit_id"):
            linked.setdefault(problem_id, set()).add(unit_id)
        # An unchanged row (by normalised value, co-departments included) is left alone: no version bump,
        # no empty change row, nobody's open edit made stale.
        numbers = decimal_attnames(Problem)
        old = [
            p
            for p in old
            if not same_state(before[p.pk], p.snapshot(), numbers)
            or linked.get(p.pk, set()) != {u.pk for u in p._co}
        ]
        Problem.objects.bulk_create(new, batch_size=500)
        fields = [*FIELDS, "lead_department", "project", "enterprise", "deadline", "state", "version"]
        for p in old:
            p.version += 1
        Problem.objects.bulk_update(old, fields, batch_size=500)
        links.objects.filter(problem__in=old).delete()
        links.objects.bulk_create(
            [links(problem=p, unit=u) for p in [*new, *old] for u in p._co], batch_size=1000
        )
        rows = [change_row(p, ChangeAction.CREATE, None, p.snapshot(), context.actor) for p in new]
        rows += [change_row(p, ChangeAction.UPDATE, before[p.pk], p.snapshot(), context.actor) for p in old]
        ObjectChange.objects.bulk_create(rows, batch_size=500)
        moved = [p for p in old if before[p.pk]["lead_department_id"] != p.lead_department_id]
        notices.imported([*new, *moved], context.actor)  # 交办, as for a raised problem
        return CommitCounts(created=len(new), updated=len(old), unchanged=len(clean) - len(new) - len(old))

    def queryset(self, user):
        return Problem.objects.all() if user is None else scoped_problems(user)

    def export_rows(self, queryset, user):
        qs = queryset.select_related("project", "lead_department").prefetch_related("co_departments")
        for p in qs.order_by("code"):
            row = {f: getattr(p, f) for f in FIELDS}
            row.update(
                code=p.code,
                project_code=p.project.code if p.project else None,
                uscc=getattr(getattr(p, "enterprise", None), "uscc", None),
                lead_department=p.lead_department.name,
                co_departments="、".join(u.name for u in p.co_departments.all()) or None,
            )
            yield row
