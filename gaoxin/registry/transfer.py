"""Import/export kinds of the registry: enterprises, enterprise-years, qualifications.

Validation is done in bulk (existing rows fetched in a few queries); the writes go through
``registry.actions.import_rows``. A row whose every value equals the stored one is left alone, so
re-importing the same file creates no rows, versions or change-log entries.
"""

from __future__ import annotations

from django.utils import timezone

from gaoxin.core.bulk import fetch_map, field_check
from gaoxin.core.masking import mask_phone, shown
from gaoxin.transfer.kinds import CommitCounts, Issue, Kind, ValidationResult

from . import actions, uscc
from .choices import DEFAULT_LEVEL, Level, QualificationKind
from .filtersets import EnterpriseFilterSet, QualificationFilterSet, YearFilterSet
from .lookups import Lookups, PlannedRow
from .models import FIGURE_FIELDS, Enterprise, EnterpriseYear, Qualification, expiry_for
from .reference import normalize_industry
from .scopes import enterprises_for, live_rows, qualifications_for, years_for

FIRST_YEAR = 1949


class RegistryKind(Kind):
    model = None
    import_capability = "registry.import"
    export_capability = "registry.export"
    validates_partial_rows = True  # rows with bad cells are checked too: every error of a row at once

    def header(self, field: str) -> str:
        return self.template.column(field).header

    def cell_checks(self) -> dict:
        """The model's limits on the plain fields, applied while parsing (money is already whole 分)."""
        checks = {}
        for name in self.PLAIN:
            column = self.template.column(name)
            field = self.model._meta.get_field(name)
            check = field_check(field, quantized=column.type == "money")
            if check is not None:
                checks[name] = check
        return checks

    def present_fields(self, context) -> list[str]:
        """The plain model fields present in the file."""
        return [name for name in self.PLAIN if name in context.fields]

    @staticmethod
    def model_values(record: dict, present: list[str]) -> dict:
        """The record's values of the ``present`` fields (already fitted by ``cell_checks``)."""
        return {name: record[name] for name in present}

    def commit(self, clean, context, batch) -> CommitCounts:
        return actions.import_rows(self.model, clean, context.actor, batch, self.event)


class EnterpriseKind(RegistryKind):
    name = "enterprises"
    label = "企业基本信息"
    template_name = "enterprise"
    filterset_class = EnterpriseFilterSet
    model = Enterprise
    event = "基本信息"
    PLAIN = [
        "name",
        "established_on",
        "registered_capital",
        "hitech_domain",
        "address",
        "listed",
        "contact_name",
    ]

    def queryset(self, user):
        return (Enterprise.objects.all() if user is None else enterprises_for(user)).select_related(
            "unit", "liaison"
        )

    def template_choices(self, user) -> dict[str, list[str]]:
        from gaoxin.organization.models import Unit

        from .lookups import ENTERPRISE_UNIT_KINDS

        units = Unit.objects.filter(kind__in=ENTERPRISE_UNIT_KINDS, closed_on__isnull=True)
        if user is not None and user.zone_id:
            units = units.filter(zone_id=user.zone_id)
        return {"unit": list(units.order_by("path").values_list("name", flat=True))}

    def cell_checks(self) -> dict:
        return {
            **super().cell_checks(),
            "contact_phone": field_check(Enterprise._meta.get_field("contact_phone")),
        }

    def validate(self, records, context) -> ValidationResult:
        look = Lookups(context.user)
        attnames = [f.attname for f in Enterprise._meta.concrete_fields]
        codes = [uscc.normalize(r["uscc"]) for r in records]
        existing = fetch_map(Enterprise.all_objects.values(*attnames), "uscc", codes)
        in_scope = look.scoped_ids(enterprises_for, [e["id"] for e in existing.values()])
        result, seen, present = ValidationResult(), {}, self.present_fields(context)
        for record in records:
            row, issues = record["_row"], []
            code = self._code(record, row, issues, result.warnings, seen)
            current = existing.get(code)
            values = self.model_values(record, present)
            values.update(uscc=code, **self._links(record, context, look, current, issues))
            self._industry(record, context, values, issues)
            self._phone(record, context, values, current, issues)
            if current is not None and current["deleted_at"] is not None:
                issues.append(
                    Issue(row, self.header("uscc"), "该企业已删除（在回收站中），请联系系统管理员恢复")
                )
            elif current is not None and current["id"] not in in_scope:
                issues.append(Issue(row, self.header("uscc"), "该企业不在您的管辖范围内，无权修改"))
            self._plan(result, issues, PlannedRow(row, current, values))
        return result

    def _plan(self, result, issues, planned):
        if issues:
            result.errors += issues
        else:
            result.clean.append(planned)

    def _code(self, record, row, issues, warnings, seen) -> str:
        if record["uscc"] is None:  # empty: already reported as 为必填项
            return ""
        check = uscc.check(record["uscc"])
        header = self.header("uscc")
        issues += [Issue(row, header, m) for m in check.errors]
        warnings += [Issue(row, header, m) for m in check.warnings]
        if check.code in seen:
            issues.append(Issue(row, header, f"与第 {seen[check.code]} 行重复"))
        seen.setdefault(check.code, row)
        return check.code

    def _links(self, record, context, look, current, issues) -> dict:
        row, values = record["_row"], {}
        if "unit" in context.fields or current is None:
            unit, reason = look.unit(record.get("unit"))
            if reason:
                issues.append(Issue(row, self.header("unit"), reason))
            values["unit_id"] = unit.pk if unit else None
        if "liaison" in context.fields:
            liaison, reason = look.liaison(record.get("liaison"))
            if reason:
                issues.append(Issue(row, self.header("liaison"), reason))
            values["liaison_id"] = liaison.pk if liaison else None
        return values

    def _industry(self, record, context, values, issues):
        if "industry_code" not in context.fields:
            return
        raw = record.get("industry_code")
        code = normalize_industry(raw)
        if raw and code is None:
            issues.append(
                Issue(
                    record["_row"],
                    self.header("industry_code"),
                    f"“{raw}”不在《国民经济行业分类》（GB/T 4754-2017）中",
                )
            )
        values["industry_code"] = code or ""

    def _phone(self, record, context, values, current, issues):
        if "contact_phone" not in context.fields:
            return
        phone = record.get("contact_phone") or ""
        if "*" in phone and current is not None and mask_phone(current["contact_phone"]) == phone:
            phone = current["contact_phone"]  # a masked export re-imported: keep the real number
        elif "*" in phone:
            issues.append(
                Issue(record["_row"], self.header("contact_phone"), "联系电话为脱敏显示值，请填写完整号码")
            )
        values["contact_phone"] = phone

    def export_rows(self, queryset, user):
        names = Lookups(user).liaison_labels()
        for e in queryset.iterator(chunk_size=2000):
            yield {
                "uscc": e.uscc, "name": e.name, "established_on": e.established_on,
                "registered_capital": e.registered_capital, "industry_code": e.industry_code or None,
                "hitech_domain": e.hitech_domain or None, "unit": e.unit.name if e.unit_id else None, "address": e.address or None,
                "listed": e.listed, "contact_name": e.contact_name or None,
                "contact_phone": shown("contact_phone", e.contact_phone, user) or None,
                "liaison": names.get(e.liaison_id),
            }  # fmt: skip


class ChildKind(RegistryKind):
    """Rows keyed by the enterprise's credit code (+ more key fields); enterprises as (id, code, name)."""

    def _enterprises(self, records, context, result):
        look = Lookups(context.user)
        found = fetch_map(
            Enterprise.objects.values_list("pk", "uscc", "name"),
            "uscc",
            [uscc.normalize(r["uscc"]) for r in records],
            key=lambda row: row[1],
        )
        in_scope = look.scoped_ids(enterprises_for, [e[0] for e in found.values()])
        by_row = {}
        for record in records:
            if record["uscc"] is None:  # empty: already reported as 为必填项
                continue
            enterprise = found.get(uscc.normalize(record["uscc"]))
            if enterprise is None:
                result.errors.append(
                    Issue(record["_row"], self.header("uscc"), "未找到该企业，请先导入企业基本信息")
                )
            elif enterprise[0] not in in_scope:
                result.errors.append(
                    Issue(record["_row"], self.header("uscc"), "该企业不在您的管辖范围内，无权修改")
                )
            else:
                by_row[record["_row"]] = enterprise
        return by_row


class YearKind(ChildKind):
    name = "enterprise-years"
    label = "企业年度数据"
    template_name = "enterprise_year"
    filterset_class = YearFilterSet
    model = EnterpriseYear
    event = "年度数据"
    PLAIN = FIGURE_FIELDS

    def queryset(self, user):
        return (live_rows(EnterpriseYear) if user is None else years_for(user)).select_related("enterprise")

    def validate(self, records, context) -> ValidationResult:
        result = ValidationResult()
        enterprises = self._enterprises(records, context, result)
        existing = Lookups.existing(EnterpriseYear, [e[0] for e in enterprises.values()], ("year",))
        last_year, seen, present = timezone.localdate().year, {}, self.present_fields(context)
        for record in records:
            row, issues = record["_row"], []
            year = record["year"]
            if year is not None and not FIRST_YEAR <= year <= last_year:
                issues.append(Issue(row, self.header("year"), f"年度应在 {FIRST_YEAR}–{last_year} 之间"))
            values = self.model_values(record, present)
            enterprise = enterprises.get(row)
            if enterprise is None:
                result.errors += issues
                continue
            key = (enterprise[0], year)
            if key in seen and year is not None:
                issues.append(Issue(row, self.header("year"), f"与第 {seen[key]} 行重复（同一企业同一年度）"))
            seen.setdefault(key, row)
            values.update(enterprise_id=enterprise[0], year=year)
            planned = PlannedRow(row, existing.get(key), values, enterprise)
            (result.errors.extend(issues) if issues else result.clean.append(planned))
        return result

    def export_rows(self, queryset, user):
        fields = ["enterprise__uscc", "year", *FIGURE_FIELDS]
        for values in queryset.values_list(*fields).iterator(chunk_size=5000):
            yield {"uscc": values[0], **dict(zip(fields[1:], values[1:], strict=True))}


class QualificationImportKind(ChildKind):
    name = "qualifications"
    label = "企业资质"
    template_name = "qualification"
    filterset_class = QualificationFilterSet
    model = Qualification
    event = "资质"
    PLAIN = ["certificate_no", "granted_on"]
    KIND_BY_LABEL = {label: code for code, label in QualificationKind.choices}
    LEVEL_BY_LABEL = {label: code for code, label in Level.choices}

    def queryset(self, user):
        return (live_rows(Qualification) if user is None else qualifications_for(user)).select_related(
            "enterprise"
        )

    def validate(self, records, context) -> ValidationResult:
        result = ValidationResult()
        enterprises = self._enterprises(records, context, result)
        ids = [e[0] for e in enterprises.values()]
        existing = Lookups.existing(Qualification, ids, ("kind", "level", "granted_on"))
        seen, present = {}, self.present_fields(context)
        for record in records:
            row, issues = record["_row"], []
            values = self.model_values(record, present)
            enterprise = enterprises.get(row)
            if record["kind"] is None or values["granted_on"] is None:  # a bad key cell, already reported
                continue
            kind = self.KIND_BY_LABEL[record["kind"]]
            level = self.LEVEL_BY_LABEL.get(record.get("level")) or DEFAULT_LEVEL[kind]
            expires = record.get("expires_on") or expiry_for(kind, values["granted_on"])
            if expires and expires < values["granted_on"]:
                issues.append(Issue(row, self.header("expires_on"), "有效期至不能早于认定日期"))
            if enterprise is None:
                result.errors += issues
                continue
            key = (enterprise[0], kind, level, values["granted_on"])
            if key in seen:
                issues.append(Issue(row, self.header("kind"), f"与第 {seen[key]} 行重复"))
            seen.setdefault(key, row)
            values.update(enterprise_id=enterprise[0], kind=kind, level=level, expires_on=expires)
            planned = PlannedRow(row, existing.get(key), values, enterprise)
            (result.errors.extend(issues) if issues else result.clean.append(planned))
        return result

    def export_rows(self, queryset, user):
        for q in queryset.iterator(chunk_size=2000):
            yield {
                "uscc": q.enterprise.uscc, "kind": q.get_kind_display(), "level": q.get_level_display(),
                "certificate_no": q.certificate_no or None, "granted_on": q.granted_on, "expires_on": q.expires_on,
            }  # fmt: skip


KINDS = [EnterpriseKind(), YearKind(), QualificationImportKind()]
