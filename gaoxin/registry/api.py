"""/api/v1/registry/: the same scoped querysets, FilterSets, actions and validation as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import ConfigDict, create_model
from pydantic import Field as PydanticField

from gaoxin.core.apiutil import Limit, Offset, Year, declares_filters, filtered, require_version
from gaoxin.core.apiutil import api_actor as _actor
from gaoxin.core.apiutil import need as _need
from gaoxin.core.apiutil import page as _page
from gaoxin.core.masking import shown, unmasked_input
from gaoxin.transfer.importer import import_for_api

from . import actions
from .filtersets import EnterpriseFilterSet, QualificationFilterSet, YearFilterSet
from .models import FIGURE_COLUMNS, FIGURE_FIELDS, Enterprise
from .reference import normalize_industry
from .scopes import (
    enterprises_listed,
    qualifications_listed,
    years_listed,
)

UNASSIGNED = "未分配"  # an enterprise without a unit
router = Router(tags=["企业库"])


def _listed(request, filterset, qs, order, out, limit, offset):
    qs = filtered(filterset, request, qs).order_by(*order)
    count, rows = _page(qs, limit, offset)
    return {"count": count, "items": [out(r, request.user) for r in rows]}


def _num(value):
    return None if value is None else str(value)


def enterprise_out(e: Enterprise, user) -> dict:
    phone = shown("contact_phone", e.contact_phone, user)
    return {
        "id": e.pk, "uscc": e.uscc, "name": e.name, "established_on": e.established_on,
        "registered_capital": _num(e.registered_capital), "industry_code": e.industry_code,
        "hitech_domain": e.hitech_domain, "unit": {"id": e.unit_id, "name": e.unit.name if e.unit_id else UNASSIGNED},
        "address": e.address, "listed": e.listed, "contact_name": e.contact_name, "contact_phone": phone,
        "liaison": {"id": e.liaison_id, "name": e.liaison.display_name} if e.liaison_id else None,
        "tags": e.tags, "latest_year": e.latest_year, "latest_revenue": _num(e.latest_revenue),
        "version": e.version, "custom_fields": e.custom_field_data,
    }  # fmt: skip


def year_out(y, user=None) -> dict:
    figures = {f: _num(v) if isinstance(v, Decimal) else v for f in FIGURE_FIELDS for v in [getattr(y, f)]}
    return {"id": y.pk, "enterprise": y.enterprise_id, "uscc": y.enterprise.uscc, "year": y.year,
            "version": y.version, "source": y.source, **figures}  # fmt: skip


def qualification_out(q, user=None) -> dict:
    return {
        "id": q.pk, "enterprise": q.enterprise_id, "uscc": q.enterprise.uscc, "kind": q.kind,
        "kind_label": q.get_kind_display(), "level": q.level, "level_label": q.get_level_display(),
        "certificate_no": q.certificate_no, "granted_on": q.granted_on, "expires_on": q.expires_on,
        "version": q.version,
    }  # fmt: skip


class EnterpriseIn(Schema):
    uscc: str | None = None
    name: str | None = None
    established_on: dt.date | None = None
    registered_capital: Decimal | None = None
    industry_code: str | None = None
    hitech_domain: str | None = None
    unit: int | None = None
    address: str | None = None
    listed: bool | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    liaison: int | None = None
    tags: list[str] | None = None
    custom_fields: dict | None = None
    version: int | None = None

    def changes(self) -> dict:
        data = self.dict(exclude_unset=True)
        data.pop("version", None)
        renames = {"unit": "unit_id", "liaison": "liaison_id", "custom_fields": "custom_field_data"}
        data = {renames.get(k, k): v for k, v in data.items()}
        for text in ("industry_code", "hitech_domain", "address", "contact_name", "contact_phone"):
            if text in data and data[text] is None:
                data[text] = ""
        if data.get("industry_code"):
            data["industry_code"] = normalize_industry(data["industry_code"]) or data["industry_code"]
        return data


def _enterprise(request, pk: int) -> Enterprise:
    _need(request, "registry.view")
    return get_object_or_404(enterprises_listed(request.user), pk=pk)


@router.get("/enterprises", summary="企业列表（筛选条件同企业名录页面）")
@declares_filters(EnterpriseFilterSet)
def list_enterprises(request, limit: Limit = 50, offset: Offset = 0):
    _need(request, "registry.view")
    qs = enterprises_listed(request.user)
    return _listed(request, EnterpriseFilterSet, qs, ("name", "pk"), enterprise_out, limit, offset)


@router.get("/enterprises/{pk}", summary="企业详情")
def get_enterprise(request, pk: int):
    return enterprise_out(_enterprise(request, pk), request.user)


@router.post("/enterprises", summary="登记企业")
def create_enterprise(request, body: EnterpriseIn):
    _need(request, "registry.import")
    enterprise = actions.create_enterprise(body.changes(), _actor(request))
    return enterprise_out(
        Enterprise.objects.select_related("unit", "liaison").get(pk=enterprise.pk), request.user
    )


@router.patch("/enterprises/{pk}", summary="修改企业（带 version；他人已修改时返回 409）")
def update_enterprise(request, pk: int, body: EnterpriseIn):
    enterprise = _enterprise(request, pk)
    require_version(body.version)
    changes = body.changes()
    if "contact_phone" in changes:  # the masked number a viewer was shown, sent back, keeps the stored one
        stored = enterprise.contact_phone
        changes["contact_phone"] = unmasked_input(
            "contact_phone", changes["contact_phone"], stored, request.user
        )
    actions.update_enterprise(enterprise, changes, _actor(request), expected_version=body.version)
    return enterprise_out(_enterprise(request, pk), request.user)


@router.delete("/enterprises/{pk}", summary="删除企业（进入回收站）")
def delete_enterprise(request, pk: int):
    actions.delete_enterprise(_enterprise(request, pk), _actor(request))
    return {"deleted": pk}


@router.get("/years", summary="企业年度数据")
@declares_filters(YearFilterSet)
def list_years(request, limit: Limit = 50, offset: Offset = 0):
    _need(request, "registry.view")
    qs = years_listed(request.user)
    return _listed(request, YearFilterSet, qs, ("-year", "pk"), year_out, limit, offset)


FIGURE_TYPES = {
    "money": Decimal,
    "int": int,
    "decimal": Decimal,
    "percent": Decimal,
    "bool": bool,
    "choice": str,
}


def _year_schema():
    """The JSON body of PUT …/years/{year}: every figure of enterprise_year.yaml (optional, null = unknown),
    ``version`` (required when the year is already stored) and nothing else (an unknown field is a 422)."""
    fields = {
        c.field: (FIGURE_TYPES[c.type] | None, PydanticField(None, description=c.header))
        for c in FIGURE_COLUMNS
    }
    fields["version"] = (int | None, PydanticField(None, description="修改已有年度数据时必填"))
    return create_model("YearIn", __base__=_Strict, **fields)


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


YearIn = _year_schema()


@router.put("/enterprises/{pk}/years/{year}", summary="填报某年度数据（金额单位：元）")
def save_year(request, pk: int, year: Year, body: YearIn):
    enterprise = _enterprise(request, pk)
    figures = body.dict(exclude_unset=True)
    version = figures.pop("version", None)
    if enterprise.years.filter(year=year).exists():
        version = require_version(version)
    row = actions.save_year(enterprise, year, figures, _actor(request), expected_version=version)
    return year_out(row)


@router.get("/qualifications", summary="企业资质")
@declares_filters(QualificationFilterSet)
def list_qualifications(request, limit: Limit = 50, offset: Offset = 0):
    _need(request, "registry.view")
    qs = qualifications_listed(request.user)
    return _listed(
        request, QualificationFilterSet, qs, ("-granted_on", "pk"), qualification_out, limit, offset
    )


class QualificationIn(Schema):
    kind: str
    level: str
    certificate_no: str = ""
    granted_on: dt.date
    expires_on: dt.date | None = None


@router.post("/enterprises/{pk}/qualifications", summary="登记资质（有效期不填则按资质类型计算）")
def grant_qualification(request, pk: int, body: QualificationIn):
    q = actions.grant_qualification(_enterprise(request, pk), body.dict(), _actor(request))
    return qualification_out(q)


@router.post(
    "/import", summary="导入文件（kind: enterprises / enterprise-years / qualifications；返回同 CLI --json）"
)
def import_file(request, kind: str = Form(...), dry_run: bool = Form(False), file: UploadedFile = File(...)):  # noqa: B008
    return import_for_api(request, kind, file, dry_run)
