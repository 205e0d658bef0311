"""Import/export kinds for key projects and dispatch reports (templates project.yaml, dispatch_report.yaml)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError

from gaoxin.core.actions import change_row
from gaoxin.core.models.changelog import ChangeAction
from gaoxin.transfer.kinds import CommitCounts, Issue, Kind, ValidationResult
from gaoxin.transfer.sheet_templates import load_template

from .filtersets import ProjectFilterSet
from .frames import next_due
from .lookups import People, Units, enterprises_by_uscc, zone_of
from .models import DispatchReport, Project
from .scopes import scoped_projects, scoped_reports

PROJECT_FIELDS = [
    "name",
    "type",
    "level",
    "industry_chain",
    "total_investment",
    "annual_planned_investment",
    "cumulative_investment",
    "signed_on",
    "land_planned_on",
    "land_supplied_on",
    "start_planned_on",
    "started_on",
    "production_planned_on",
    "production_started_on",
    "full_capacity_on",
    "terminated_on",
    "longitude",
    "latitude",
    "site",
]
PEOPLE = {"leader": "包抓领导", "liaison": "联络人"}


def model_errors(instance, template, row: int) -> list[Issue]:
    """The model's own rules (date order, ranges) as row issues naming the template header."""
    try:
        instance.clean()
    except ValidationError as exc:
        headers = {c.field: c.header for c in template.columns}
        return [Issue(row, headers.get(f), m) for f, msgs in exc.message_dict.items() for m in msgs]
    return []


class ProjectKind(Kind):
    name = "projects"
    label = "重点项目"
    template_name = "project"
    import_capability = "projects.import"
    export_capability = "projects.view"
    filterset_class = ProjectFilterSet

    def validate(self, records, context):
        zone = zone_of(context)
        people, units = People(zone), Units(zone)
        existing = {
            p.code: p for p in Project.objects.filter(zone=zone, code__in=[r["code"] for r in records])
        }
        owners = enterprises_by_uscc({r["owner_uscc"] for r in records if r.get("owner_uscc")})
        result, seen = ValidationResult(), set()
        for rec in records:
            row, issues = rec["_row"], []
            if rec["code"] in seen:
                issues.append(Issue(row, "项目编号", f"项目编号“{rec['code']}”在文件中重复"))
            seen.add(rec["code"])
            refs = {}
            for field, what in PEOPLE.items():
                refs[field], error = people.find(rec.get(field), what)
                issues += [Issue(row, self.template.column(field).header, error)] if error else []
            refs["department"], error = units.find(rec.get("department"))
            issues += [Issue(row, "责任部门", error)] if error else []
            if rec.get("owner_uscc") and rec["owner_uscc"] not in owners:
                issues.append(Issue(row, "建设单位统一社会信用代码", f"企业库中没有“{rec['owner_uscc']}”"))
            project = existing.get(rec["code"]) or Project(zone=zone, code=rec["code"])
            if project.pk is None and not rec.get("type"):
                issues.append(Issue(row, "项目类型", "新项目须填写项目类型"))
            values = {f: _stored(f, rec.get(f)) for f in PROJECT_FIELDS if f in context.fields}
            values.update({k: v for k, v in refs.items() if k in context.fields})
            if owners.get(rec.get("owner_uscc")):
                values["owner"] = owners[rec["owner_uscc"]]
            for key, value in values.items():
                setattr(project, key, value)
            issues += model_errors(project, self.template, row)
            result.errors += issues
            if not issues:
                result.clean.append(project)
        return result

    def commit(self, clean, context, batch):
        actor = context.actor
        new = [p for p in clean if p.pk is None]
        old = [p for p in clean if p.pk is not None]
        for p in clean:
            p.stage = p.derive_stage()
        Project.objects.bulk_create(new)
        before = {p.pk: p.snapshot() for p in Project.objects.filter(pk__in=[p.pk for p in old])}
        changed = [p for p in old if _diff(before[p.pk], p.snapshot())]
        for p in changed:
            p.version += 1
        fields = [*PROJECT_FIELDS, "leader", "liaison", "department", "stage", "version"]
        Project.objects.bulk_update(
            changed, fields + (["owner"] if hasattr(Project, "owner") else []), batch_size=500
        )
        rows = [change_row(p, ChangeAction.CREATE, None, p.snapshot(), actor) for p in new]
        rows += [change_row(p, ChangeAction.UPDATE, before[p.pk], p.snapshot(), actor) for p in changed]
        from gaoxin.core.models import ObjectChange

        ObjectChange.objects.bulk_create(rows, batch_size=500)
        _refresh_due([p.pk for p in new + changed])
        return CommitCounts(created=len(new), updated=len(changed), unchanged=len(old) - len(changed))

    def queryset(self, user):
        if user is None:
            return Project.objects.all()
        return scoped_projects(user)

    def export_rows(self, queryset, user):
        for p in queryset.select_related("leader", "liaison", "department").order_by("code"):
            row = {f: getattr(p, f) for f in PROJECT_FIELDS}
            row.update(
                code=p.code,
                leader=p.leader.display_name if p.leader else None,
                liaison=p.liaison.display_name if p.liaison else None,
                department=p.department.name if p.department else None,
                owner_uscc=getattr(getattr(p, "owner", None), "uscc", None),
            )
            yield row


TEXT_FIELDS = {"name", "industry_chain", "site"}


def _stored(field: str, value):
    """An empty cell is unknown (None), but text columns store it as ''."""
    return "" if value is None and field in TEXT_FIELDS else value


def _diff(before: dict, after: dict) -> bool:
    """Changed by normalised value (``30.43011`` from a cell is the stored ``30.430110``)."""
    from gaoxin.core.compare import decimal_attnames, same_state

    return not same_state(before, after, decimal_attnames(Project))


def _refresh_due(pks: list[int]) -> None:
    due = next_due(Project.all_objects.filter(pk__in=pks))
    rows = [Project(pk=pk, next_due_on=due.get(pk)) for pk in pks]
    Project.all_objects.bulk_update(rows, ["next_due_on"], batch_size=500)


class DispatchReportKind(Kind):
    name = "dispatch_reports"
    label = "项目调度报告"
    template_name = "dispatch_report"
    import_capability = "projects.import"
    export_capability = "projects.view"

    @property
    def template(self):
        return load_template(self.template_name, Path(__file__).parent / "schema")

    def validate(self, records, context):
        from .periods import period_of, zone_cadence

        zone = zone_of(context)
        cadence = zone_cadence(zone)
        projects = {
            p.code: p
            for p in Project.objects.filter(zone=zone, code__in={r["project_code"] for r in records})
        }
        result = ValidationResult()
        for rec in records:
            project = projects.get(rec["project_code"])
            if project is None:
                result.errors.append(
                    Issue(rec["_row"], "项目编号", f"没有编号为“{rec['project_code']}”的项目")
                )
                continue
            start, end = period_of(rec["period_start"], cadence)
            result.clean.append(
                DispatchReport(
                    project=project,
                    cadence=cadence,
                    period_start=start,
                    period_end=end,
                    period_investment=rec["period_investment"],
                    cumulative_investment=rec["cumulative_investment"],
                    progress=rec["progress"],
                    submitted_on=rec.get("submitted_on") or end,
                    reporter=context.user,
                )
            )
        return result

    def commit(self, clean, context, batch):
        from .actions import refresh_schedule
        from .periods import due_on

        keys = {(r.project_id, r.period_start) for r in clean}
        existing = set(
            DispatchReport.objects.filter(project__in={r.project_id for r in clean}).values_list(
                "project", "period_start"
            )
        )
        new = [r for r in clean if (r.project_id, r.period_start) not in existing]
        for r in new:
            r.on_time = r.submitted_on <= due_on(r.period_end, r.project.zone)
        DispatchReport.objects.bulk_create(new, batch_size=1000)
        for project in {r.project for r in new}:
            latest = project.reports.order_by("-period_start").first()
            Project.objects.filter(pk=project.pk).update(cumulative_investment=latest.cumulative_investment)
            refresh_schedule(project)
        return CommitCounts(created=len(new), unchanged=len(keys) - len(new))

    def queryset(self, user):
        return DispatchReport.objects.all() if user is None else scoped_reports(user)

    def export_rows(self, queryset, user):
        for r in queryset.select_related("project").order_by("project__code", "period_start"):
            yield {
                "project_code": r.project.code,
                "period_start": r.period_start,
                "period_investment": r.period_investment,
                "cumulative_investment": r.cumulative_investment,
                "progress": r.progress,
                "submitted_on": r.submitted_on,
            }
