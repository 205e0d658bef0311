"""Writes of the points app: computing a year's points, importing a reference table, publishing the
whitelist (an immutable version with its diff). Each checks the capability and emits a timeline event."""

from __future__ import annotations

import io

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction

from gaoxin.core import actions as core
from gaoxin.core.actions import require
from gaoxin.transfer.reader import read_sheet

from . import whitelist
from .compute import score_frame, store_scores
from .models import PointsRun, ReferenceTable, Score, WhitelistChange, WhitelistEntry, WhitelistVersion

POINTS_RUN = "points.run"
REFERENCE_IMPORTED = "points.reference_imported"
WHITELIST_PUBLISHED = "points.whitelist_published"
EVENT_TYPES = {
    POINTS_RUN: "创新积分计算",
    REFERENCE_IMPORTED: "导入积分参照表",
    WHITELIST_PUBLISHED: "发布白名单",
}


def run_points(year: int, actor, reference: ReferenceTable | None = None) -> PointsRun:
    require(actor, "points.run")
    frame = score_frame(year, reference)
    with transaction.atomic():
        run = PointsRun.objects.create(year=year, user=actor.user, user_name=actor.name, reference=reference)
        run.count = store_scores(year, frame, run)
        run.save(update_fields=["count"])
        core.emit_event(
            run, POINTS_RUN, f"{year} 年度创新积分：{run.count} 家企业（参照：{run.reference_label}）", actor
        )
    return run


def import_reference(name: str, year: int, data: bytes, filename: str, actor) -> ReferenceTable:
    """An .xlsx/.csv/.parquet reference population, stored as Parquet."""
    require(actor, "points.run")
    try:
        if filename.lower().endswith(".parquet"):
            frame = pl.read_parquet(io.BytesIO(data))
        else:
            sheet = read_sheet(data, filename)
            rows = [list(r) + [None] * (len(sheet.headers) - len(r)) for _, r in sheet.rows]
            frame = pl.DataFrame(
                rows, schema=sheet.headers, orient="row", strict=False, infer_schema_length=None
            )
    except Exception as exc:  # the file itself is unreadable
        raise ValidationError({"file": f"无法读取参照表：{exc}"})
    if frame.height == 0:
        raise ValidationError({"file": "参照表没有数据行"})
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    table = ReferenceTable.objects.create(
        name=name, year=year, uploaded_by=actor.name, rows=frame.height, data=buffer.getvalue()
    )
    core.emit_event(table, REFERENCE_IMPORTED, f"导入积分参照表“{name}”：{frame.height} 行", actor)
    return table


@transaction.atomic
def publish_whitelist(actor, note: str = "", year: int | None = None) -> WhitelistVersion:
    """Store the current draft as the next immutable version, with its diff from the last one."""
    require(actor, "whitelist.publish")
    year = year or Score.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        raise ValidationError({"year": "尚无创新积分，请先计算积分"})
    rule = whitelist.rules(actor.user)
    draft = whitelist.candidates(year, rule)
    previous = whitelist.last_version()
    changes = whitelist.diff(draft, previous)
    included = draft.filter(pl.col("eligible")).sort("rank", "uscc")
    version = WhitelistVersion.objects.create(
        number=(previous.number + 1) if previous else 1, year=year, published_by=actor.user,
        publisher_name=actor.name, note=note[:500], rules=rule, entry_count=included.height,
        added_count=sum(c["change"] == "added" for c in changes),
        removed_count=sum(c["change"] == "removed" for c in changes),
    )  # fmt: skip
    WhitelistEntry.objects.bulk_create(
        [
            WhitelistEntry(version=version, enterprise_id=r["enterprise_id"], uscc=r["uscc"], name=r["name"],
                           points=r["points"], percentile=r["percentile"], rank=r["rank"])
            for r in included.iter_rows(named=True)
        ],
        batch_size=2000,
    )  # fmt: skip
    WhitelistChange.objects.bulk_create(
        [WhitelistChange(version=version, **c) for c in changes], batch_size=2000
    )
    message = f"发布第 {version.number} 版白名单：{version.entry_count} 家（新增 {version.added_count}，移出 {version.removed_count}）"
    core.emit_event(version, WHITELIST_PUBLISHED, message, actor)
    _tell_banks(version, message, actor)
    return version


def _tell_banks(version: WhitelistVersion, message: str, actor) -> None:
    """Bank users (消息中心) learn of each published version: it is the only list they may rely on."""
    from django.urls import reverse

    from gaoxin.notifications.actions import notify
    from gaoxin.organization.choices import Role
    from gaoxin.organization.models import User

    banks = User.objects.filter(role=Role.BANK, is_active=True)
    if actor.user is not None and actor.user.zone_id:
        banks = banks.filter(zone_id=actor.user.zone_id)
    notify(
        banks, kind="points.whitelist_published", title=message, url=reverse("points:whitelist"), actor=actor
    )
