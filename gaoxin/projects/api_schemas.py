"""Request bodies and response shapes of the projects API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Schema

from gaoxin.organization.models import Unit, User

REFS = {"leader_id": ("leader", User), "liaison_id": ("liaison", User), "department_id": ("department", Unit)}


class ProjectFields(Schema):
    name: str | None = None
    type: str | None = None
    level: str | None = None
    industry: str | None = None
    industry_chain: str | None = None
    total_investment: Decimal | None = None
    annual_planned_investment: Decimal | None = None
    longitude: Decimal | None = None
    latitude: Decimal | None = None
    site: str | None = None
    leader_id: int | None = None
    department_id: int | None = None
    liaison_id: int | None = None
    plan_text: str | None = None
    signed_on: dt.date | None = None
    land_planned_on: dt.date | None = None
    start_planned_on: dt.date | None = None
    production_planned_on: dt.date | None = None
    full_capacity_planned_on: dt.date | None = None

    def to_changes(self, zone) -> dict:
        """Only the fields sent; ids of people and units must belong to the zone."""
        data = self.model_dump(exclude_unset=True, exclude={"version", "code"})
        for key, (field, model) in REFS.items():
            if key in data:
                pk = data.pop(key)
                obj = model.objects.filter(zone=zone, pk=pk).first() if pk else None
                if pk and obj is None:
                    raise ValidationError({field: "本园区没有该人员或单位"})
                data[field] = obj
        return data


class ProjectIn(ProjectFields):
    code: str
    name: str
    type: str

    def to_data(self, zone) -> dict:
        return {"code": self.code, **self.to_changes(zone)}


class ProjectPatch(ProjectFields):
    version: int


class ProblemSpec(Schema):
    description: str
    category: str = "其他"
    severity: str = "一般"
    lead_department_id: int | None = None

    def to_data(self, zone) -> dict:
        data = {"description": self.description, "category": self.category, "severity": self.severity}
        if self.lead_department_id:
            data["lead_department"] = Unit.objects.filter(zone=zone, pk=self.lead_department_id).first()
        return data


class ReportIn(Schema):
    period_day: dt.date | None = None
    period_investment: Decimal = Decimal(0)
    cumulative_investment: Decimal | None = None
    progress: str
    problems: list[ProblemSpec] = []


def project_out(p, status: str | None = None) -> dict:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "type": p.type,
        "level": p.level,
        "stage": p.stage,
        "status": status,
        "total_investment": p.total_investment,
        "annual_planned_investment": p.annual_planned_investment,
        "cumulative_investment": p.cumulative_investment,
        "year_investment": p.year_investment,
        "department": p.department.name if p.department_id else None,
        "leader": p.leader.display_name if p.leader_id else None,
        "liaison": p.liaison.display_name if p.liaison_id else None,
        "signed_on": p.signed_on,
        "started_on": p.started_on,
        "production_started_on": p.production_started_on,
        "longitude": p.longitude,
        "latitude": p.latitude,
        "version": p.version,
    }


def node_out(n) -> dict:
    return {
        "id": n.pk,
        "name": n.name,
        "order": n.order,
        "days": n.days,
        "unit": n.unit.name if n.unit_id else None,
        "planned_on": n.planned_on,
        "actual_on": n.actual_on,
        "version": n.version,
    }


def report_out(r) -> dict:
    return {
        "id": r.pk,
        "project_id": r.project_id,
        "period": r.period_label,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "period_investment": r.period_investment,
        "cumulative_investment": r.cumulative_investment,
        "progress": r.progress,
        "submitted_on": r.submitted_on,
        "on_time": r.on_time,
        "problems": [p.code for p in r.problems.all()],
        "photos": [ph.image.url for ph in r.photos.all()],
    }
