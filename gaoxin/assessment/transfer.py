"""Import kind ``assessment-inputs``: manual confirmations and expert scores in bulk (issue 11 item 13).

Columns: 统一社会信用代码, 评估年度 (empty = this year) and any of the engine catalogue's ``inputs:``
fields headed by their labels (专家评分：技术的先进程度, 产品属于国家禁止、限制和淘汰类（人工确认） …). An
empty cell leaves the stored value alone; a row whose values equal the stored ones is not written.
"""

from __future__ import annotations

from django.utils import timezone

from gaoxin.core.fields import fen_to_yuan, yuan_to_fen
from gaoxin.registry import uscc
from gaoxin.registry.models import Enterprise
from gaoxin.registry.scopes import enterprises_for
from gaoxin.transfer.kinds import CommitCounts, Issue, Kind, ValidationResult
from gaoxin.transfer.sheet_templates import Column, Template

from .actions import input_fields, save_inputs
from .filemode import input_columns
from .models import EnterpriseInput

CODE = Column("统一社会信用代码", "uscc", "text", required=True)
YEAR = Column("评估年度", "year", "int", note="空白为本年度")


class AssessmentInputsKind(Kind):
    name = "assessment-inputs"
    label = "评估补充录入（人工确认与专家评分）"
    template_name = "assessment_inputs"
    import_capability = "assessment.run"
    export_capability = "assessment.run"

    @property
    def template(self) -> Template:
        return Template("assessment_inputs", "评估补充录入", (CODE, YEAR, *input_columns()), ("uscc", "year"))

    def validate(self, records, context) -> ValidationResult:
        result, this_year = ValidationResult(), timezone.localdate().year
        codes = {uscc.normalize(r["uscc"]) for r in records}
        scoped = enterprises_for(context.user) if context.user is not None else Enterprise.objects.all()
        found = {e.uscc: e for e in scoped.filter(uscc__in=codes)}
        names = [c.field for c in input_columns() if c.field in context.fields]
        fields, seen = input_fields(), {}
        for record in records:
            row, code = record["_row"], uscc.normalize(record["uscc"])
            year = record.get("year") or this_year
            enterprise = found.get(code)
            if enterprise is None:
                result.errors.append(Issue(row, CODE.header, "未找到该企业，或该企业不在您的管辖范围内"))
                continue
            if (code, year) in seen:
                result.errors.append(
                    Issue(row, CODE.header, f"与第 {seen[(code, year)]} 行重复（同一企业同一年度）")
                )
                continue
            seen[(code, year)] = row
            values = {}
            for name in names:
                value = record.get(name)
                if value is None:
                    continue
                values[name] = yuan_to_fen(value) if fields[name].storage == "money" else value
            if values:
                result.clean.append((enterprise, year, values))
        return result

    def commit(self, clean, context, batch) -> CommitCounts:
        counts = CommitCounts()
        stored = {
            (i.enterprise_id, i.year): i
            for i in EnterpriseInput.objects.filter(enterprise__in=[e for e, _, _ in clean])
        }
        for enterprise, year, values in clean:
            current = stored.get((enterprise.pk, year))
            if current is not None and all(current.values.get(k) == v for k, v in values.items()):
                counts.unchanged += 1
                continue
            save_inputs(enterprise, year, values, context.actor, version=current.version if current else None)
            counts.created += current is None
            counts.updated += current is not None
        return counts

    def queryset(self, user):
        return EnterpriseInput.objects.select_related("enterprise")

    def export_rows(self, queryset, user):
        fields = input_fields()
        for item in queryset.order_by("enterprise__uscc", "year"):
            row = {"uscc": item.enterprise.uscc, "year": item.year}
            for name, value in item.values.items():
                if name in fields:
                    row[name] = fen_to_yuan(value) if fields[name].storage == "money" else value
            yield row
