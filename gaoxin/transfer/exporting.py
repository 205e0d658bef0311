"""Export of any kind's rows (scoped to the user, filtered like the list) and the blank templates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .kinds import Kind
from .watermark import export_watermark, stamp_xlsx
from .writer import write_template


def export_bytes(kind: Kind, user, fmt: str = "xlsx", params=None, request=None) -> tuple[bytes, int]:
    """(file content, row count). ``user`` None = the system (CLI without --user): every row."""
    if user is not None and kind.export_capability and not user.can(kind.export_capability):
        raise PermissionDenied(f"您没有导出{kind.label}的权限")
    queryset = kind.export_queryset(user, params, request)
    records = list(kind.export_rows(queryset, user))
    if user is not None:
        _audit(user, request, kind, len(records))
    content = write_template(kind.template, records, fmt)
    watermark = export_watermark(user, (c.field for c in kind.template.columns))
    if watermark and fmt == "xlsx" and records:
        content = stamp_xlsx(content, watermark)
    return content, len(records)


def blank_template(kind: Kind, fmt: str = "xlsx", user=None) -> bytes:
    """The template to fill in: .xlsx with 填表说明, marked required headers, drop-downs and an example row;
    .csv: the headers only."""
    if fmt == "csv":
        return write_template(kind.template, [], fmt)
    from .template_book import write_template_book

    return write_template_book(kind.template, kind.template_choices(user))


def _audit(user, request, kind: Kind, count: int) -> None:
    from gaoxin.core.actions import record_export

    record_export(user, request, f"导出{kind.label} {count} 行")
