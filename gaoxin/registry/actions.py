"""Every write to the registry: one function per state change (pages, API, CLI and imports call these).

Each checks the capability and the row scope, writes the state, its change row and its timeline event in
one transaction. The ``import_*`` functions are the bulk forms used by the import kinds (``transfer.py``):
they write thousands of rows with bulk_create/bulk_update and ``change_row`` in a few queries.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from gaoxin.core import actions as core
from gaoxin.core.actions import require
from gaoxin.core.bulk import analyze, id_set, indexed_fields, stub
from gaoxin.core.models import CustomField
from gaoxin.core.models.changelog import ChangeAction
from gaoxin.core.models.customfields import validate_custom_fields

from . import uscc
from .models import Enterprise, EnterpriseYear, Qualification
from .review import REVIEW_NEEDED, reports_for_review
from .scopes import in_scope

LIAISON_CHANGED = "registry.liaison_changed"
FIGURES_ENTERED = "registry.figures_entered"
QUALIFICATION_GRANTED = "registry.qualification_granted"
QUALIFICATION_REVOKED = "registry.qualification_revoked"
IMPORTED = "registry.imported"
EVENT_TYPES = {
    LIAISON_CHANGED: "包联变更",
    FIGURES_ENTERED: "数据填报",
    QUALIFICATION_GRANTED: "资质认定",
    QUALIFICATION_REVOKED: "资质撤销",
    IMPORTED: "导入",
}
ANALYZE_AFTER = 5000  # rows written by one import before the planner statistics are refreshed
#: What an enterprise user may not change about their own enterprise.
MANAGED_FIELDS = {"uscc", "unit", "unit_id", "liaison", "liaison_id", "tags"}


def require_direct(actor) -> None:
    """Enterprise users and street staff report changes for review (``gaoxin.submissions``); the
    department's approval then writes them as the reviewer, naming the reporter."""
    if reports_for_review(actor.user):
        raise PermissionDenied(REVIEW_NEEDED)


def require_scope(actor, enterprise) -> None:
    if actor.user is not None and not in_scope(actor.user, enterprise):
        raise PermissionDenied("该企业不在您的管辖范围内")


def clean_custom_fields(data: dict | None) -> dict:
    if not data and not CustomField.objects.exists():
        return {}
    cleaned, errors = validate_custom_fields(Enterprise, data)
    if errors:
        raise ValidationError({f"custom_fields.{k}": v for k, v in errors.items()})
    return cleaned


# --- enterprises -------------------------------------------------------------------------------------
@transaction.atomic
def create_enterprise(data: dict, actor) -> Enterprise:
    require(actor, "registry.edit")
    data = dict(data)
    if data.get("uscc") is not None:  # one normal form on every path: the page's form, the API, imports
        data["uscc"] = uscc.normalize(data["uscc"])
    data["custom_field_data"] = clean_custom_fields(data.get("custom_field_data"))
    enterprise = core.create_object(Enterprise(**data), actor, ("object.created", "登记入库"))
    require_scope(actor, enterprise)  # e.g. street staff may only register enterprises of their street
    return enterprise


@transaction.atomic
def update_enterprise(enterprise: Enterprise, changes: dict, actor, expected_version: int | None = None):
    require(actor, "registry.edit")
    require_direct(actor)
    require_scope(actor, enterprise)
    if actor.user is not None and actor.user.role == "enterprise" and MANAGED_FIELDS & set(changes):
        raise PermissionDenied("企业用户不能修改信用代码、所属单位、包联干部和标签")
    if changes.get("uscc") is not None:
        changes = {**changes, "uscc": uscc.normalize(changes["uscc"])}
    if "custom_field_data" in changes:
        changes["custom_field_data"] = clean_custom_fields(changes["custom_field_data"])
    old_liaison = enterprise.liaison_id
    updated = core.update_object(enterprise, changes, actor, expected_version=expected_version)
    require_scope(actor, updated)
    if updated.liaison_id != old_liaison:
        name = updated.liaison.display_name if updated.liaison else "（无）"
        core.emit_event(
            updated, LIAISON_CHANGED, f"包联干部调整为 {name}", actor, {"liaison": updated.liaison_id}
        )
    return updated


def delete_enterprise(enterprise: Enterprise, actor, reason: str = "") -> None:
    require(actor, "registry.delete")
    require_scope(actor, enterprise)
    core.soft_delete(enterprise, actor, reason)


def restore_enterprise(enterprise: Enterprise, actor) -> None:
    require(actor, "registry.restore")
    if Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).exists():
        raise ValidationError({"uscc": "已有同一信用代码的企业，不能恢复"})
    core.restore(enterprise, actor)


# --- yearly figures ----------------------------------------------------------------------------------
@transaction.atomic
def save_year(
    enterprise: Enterprise,
    year: int,
    figures: dict,
    actor,
    expected_version: int | None = None,
    reported_by=None,
):
    """Create or update the enterprise's figures for ``year`` (数据填报). ``reported_by``: the person
    whose reviewed report this is (填报人), when a department approves it."""
    require(actor, "registry.edit")
    require_direct(actor)
    require_scope(actor, enterprise)
    entered_by = reported_by or actor.user
    row = EnterpriseYear.objects.filter(enterprise=enterprise, year=year).first()
    if row is None:
        row = EnterpriseYear(enterprise=enterprise, year=year, entered_by=entered_by, **figures)
        core.create_object(row, actor)
    else:
        row = core.update_object(row, {**figures, "entered_by": entered_by}, actor, expected_version)
    core.emit_event(enterprise, FIGURES_ENTERED, f"填报 {year} 年度数据", actor, {"year": year})
    refresh_latest([enterprise.pk])
    return row


def refresh_latest(enterprise_ids) -> int:
    """Recompute Enterprise.latest_year / latest_revenue (营业收入 of the latest year that has it) in one
    statement, writing only the enterprises whose values change (rewriting an enterprise row, wide and
    with many indexes, costs PostgreSQL ~70 µs). Returns how many were written."""
    ids = list(enterprise_ids)
    if not ids:
        return 0
    qn = connection.ops.quote_name
    ent, year = qn(Enterprise._meta.db_table), qn(EnterpriseYear._meta.db_table)
    membership, params = id_set(ids)
    sql = f"""
        UPDATE {ent} SET latest_year = fresh.year, latest_revenue = fresh.revenue
        FROM (
            SELECT e.id,
                (SELECT MAX(y.year) FROM {year} y WHERE y.enterprise_id = e.id) AS year,
                (SELECT y.main_business_revenue + COALESCE(y.other_business_revenue, 0) FROM {year} y
                 WHERE y.enterprise_id = e.id AND y.main_business_revenue IS NOT NULL
                 ORDER BY y.year DESC LIMIT 1) AS revenue
            FROM {ent} e WHERE e.id {membership}
        ) AS fresh
        WHERE {ent}.id = fresh.id AND (
            {ent}.latest_year IS DISTINCT FROM fresh.year OR {ent}.latest_revenue IS DISTINCT FROM fresh.revenue
        )"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# --- qualifications ----------------------------------------------------------------------------------
@transaction.atomic
def grant_qualification(enterprise: Enterprise, data: dict, actor, reported_by=None) -> Qualification:
    require(actor, "registry.edit")
    require_direct(actor)
    require_scope(actor, enterprise)
    entered_by = reported_by or actor.user
    q = core.create_object(Qualification(enterprise=enterprise, entered_by=entered_by, **data), actor)
    message = f"认定为{q.get_level_display()}{q.get_kind_display()}（{q.granted_on:%Y-%m-%d}）"
    core.emit_event(
        enterprise, QUALIFICATION_GRANTED, message, actor, {"qualification": q.pk, "kind": q.kind}
    )
    return q


@transaction.atomic
def update_qualification(q: Qualification, changes: dict, actor, expected_version: int | None = None):
    require(actor, "registry.edit")
    require_direct(actor)
    require_scope(actor, q.enterprise)
    return core.update_object(q, changes, actor, expected_version=expected_version)


@transaction.atomic
def revoke_qualification(q: Qualification, actor, reason: str = "") -> None:
    require(actor, "registry.delete")
    require_scope(actor, q.enterprise)
    core.record_change(q, ChangeAction.DELETE, q.snapshot(), None, actor)
    core.emit_event(
        q.enterprise, QUALIFICATION_REVOKED, f"撤销{q.get_kind_display()}{reason and '：' + reason}", actor
    )
    q.delete()


# --- bulk imports (called by the kinds in transfer.py inside the import's transaction) -------------------
def import_rows(model, planned: list, actor, batch, label: str, chunk: int = 20_000):
    """Write the planned rows of one import file: new rows, changed rows; unchanged rows are left alone.

    ``planned``: PlannedRow(row, current = stored {attname: value} or None, values to set, enterprise).
    Written ``chunk`` rows at a time (bounded memory), all inside the caller's transaction.
    """
    from gaoxin.transfer.kinds import CommitCounts

    require(actor, "registry.import")
    counts, touched = CommitCounts(), {}
    for start in range(0, len(planned), chunk):
        _write_chunk(model, planned[start : start + chunk], actor, batch, counts, touched)
    _import_events(touched, actor, label, batch)
    if model is EnterpriseYear:
        refresh_latest(list(touched))
    if counts.created + counts.updated >= ANALYZE_AFTER:
        analyze(model, indexed_fields(model))
        if model is EnterpriseYear:
            analyze(Enterprise, ["latest_year", "latest_revenue"])
    return counts


def _write_chunk(model, planned, actor, batch, counts, touched) -> None:
    from gaoxin.core.bulk import builder, bulk_write, snapshot_fields, snapshot_of

    creates, updates = [], []
    stamp, build, attnames = _stamp(model, actor, batch), builder(model), snapshot_fields(model)
    for p in planned:
        if p.current is None:
            creates.append(_attach(build({**p.values, **stamp}), p))
            continue
        changed = {k: v for k, v in p.values.items() if p.current[k] != v}
        if not changed:
            counts.unchanged += 1
            continue
        obj = _attach(build(p.current), p)
        obj._state.adding, obj._state.db = False, "default"
        before = snapshot_of(obj, attnames)
        for k, v in {**changed, **stamp}.items():
            setattr(obj, k, v)
        updates.append((obj, before))
    fields = sorted({k for p in planned for k in p.values} | set(stamp))
    bulk_write(model, creates, updates, actor, fields)
    counts.created += len(creates)
    counts.updated += len(updates)
    for obj, index in [(o, 1) for o in creates] + [(o, 2) for o, _ in updates]:
        target = obj.pk if model is Enterprise else obj.enterprise_id
        touched.setdefault(target, [target, 0, 0])[index] += 1
    _special_events(model, creates, updates, actor)


def _attach(obj, planned):
    """Give a child row its enterprise (id, code, name) so str() in the change log needs no query. The row
    already holds enterprise_id: only the related-object cache is filled (the descriptor's checks and
    assignments cost ~4 µs a row)."""
    if planned.enterprise is not None:
        pk, code, name = planned.enterprise
        type(obj).enterprise.field.set_cached_value(
            obj, stub(Enterprise, {"id": pk, "uscc": code, "name": name})
        )
    return obj


def _stamp(model, actor, batch) -> dict:
    """Provenance of imported rows (who, which file) on the models that keep it."""
    names = {f.attname for f in model._meta.concrete_fields}
    stamp = {"source": "import", "entered_by_id": getattr(actor.user, "pk", None), "batch_id": batch.pk}
    return {k: v for k, v in stamp.items() if k in names}


def _import_events(touched: dict, actor, label: str, batch) -> None:
    """One 导入 event per enterprise touched by the file."""
    from gaoxin.core.bulk import bulk_events

    payload = {"batch": batch.pk}
    items = [
        (t, f"导入{label}：新增 {c} 条、更新 {u} 条（{batch.file_name}）", payload)
        for t, c, u in touched.values()
    ]
    bulk_events(Enterprise, items, IMPORTED, actor)


def _special_events(model, creates, updates, actor) -> None:
    """资质认定 for imported qualifications, 包联变更 for imported liaison changes."""
    from gaoxin.core.bulk import bulk_events

    if model is Qualification:
        granted = [
            (
                q.enterprise_id,
                f"认定为{q.get_level_display()}{q.get_kind_display()}（导入）",
                {"kind": q.kind},
            )
            for q in creates
        ]
        bulk_events(Enterprise, granted, QUALIFICATION_GRANTED, actor)
    if model is Enterprise:
        moved = [
            (o.pk, "包联干部调整（导入）", {"liaison": o.liaison_id})
            for o, before in updates
            if before.get("liaison_id") != o.liaison_id
        ]
        bulk_events(Enterprise, moved, LIAISON_CHANGED, actor)
