"""Every write of the assessment app: running a year, the ladder's manual stages, expert inputs.

Each checks the capability (and the enterprise's scope), then writes state + change row + timeline
event through ``gaoxin.core.actions``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gaoxin.core import actions as core
from gaoxin.core.actions import require
from gaoxin.engine.catalog import catalog
from gaoxin.registry.actions import require_scope

from .choices import MANUAL_STAGES, RULES, TRACK_TIERS, Stage, Track
from .models import EnterpriseInput, LadderMark

RUN = "assessment.run"
STAGE_SET = "assessment.stage_set"
INPUTS_ENTERED = "assessment.inputs_entered"
EVENT_TYPES = {RUN: "资质评估", STAGE_SET: "梯度培育", INPUTS_ENTERED: "评估补充录入"}


def run_assessment(year: int, actor, rules: list[str] | None = None, progress=None):
    """Assess the whole zone for ``year`` and replace that year's stored results (one engine pass)."""
    from .runner import assess_zone, no_data_message, year_has_data

    require(actor, "assessment.run")
    if rules is not None and not rules:
        raise ValidationError({"rules": "请至少选择一项资质（不填则评估全部资质）"})
    unknown = [r for r in rules or [] if r not in RULES]
    if unknown:
        raise ValidationError({"rules": f"未知资质：{'、'.join(unknown)}（可选：{'、'.join(RULES)}）"})
    if not year_has_data(year):  # a clean refusal, not an empty run (nor a failure inside the engine)
        raise ValidationError({"year": no_data_message(year)})
    run = assess_zone(year, actor, rules, progress)
    summary = "；".join(f"{RULES.get(r, r)} 符合 {c.get('符合', 0)} 家" for r, c in run.counts.items())
    core.emit_event(run, RUN, f"{year} 年度资质评估：{run.enterprise_count} 家企业。{summary}", actor)
    return run


@transaction.atomic
def set_stage(
    enterprise, track: str, stage: str, actor, target: str | None = None, note: str = "", version=None
):
    """Move an enterprise to 培育 or 申报 on a track, or clear the mark (``stage`` = "")."""
    require(actor, "ladder.move")
    require_scope(actor, enterprise)
    if track not in Track.values:
        raise ValidationError({"track": "梯队应为 tech（科技创新）或 srdi（专精特新）"})
    if stage and stage not in MANUAL_STAGES:
        raise ValidationError({"stage": "只能手工设为“培育”或“申报”，其余阶段由评估结果自动确定"})
    tiers = TRACK_TIERS[track]
    target = target or _next_tier(enterprise, track)
    if target not in tiers:
        raise ValidationError({"target": f"目标资质应为本梯队的资质：{'、'.join(RULES[t] for t in tiers)}"})
    mark = LadderMark.objects.filter(enterprise=enterprise, track=track).first()
    label = Stage(stage).label if stage else "取消标记"
    event = (
        STAGE_SET,
        f"{Track(track).label}：{label}（目标：{RULES[target]}）{'，' + note if note else ''}",
    )
    changes = {"stage": stage, "target": target, "note": note}
    if mark is None:
        mark = LadderMark(enterprise=enterprise, track=track, **changes)
        core.create_object(mark, actor)
    else:
        core.update_object(mark, changes, actor, expected_version=version)
    core.emit_event(enterprise, event[0], event[1], actor, {"track": track, "stage": stage, "target": target})
    return mark


def _next_tier(enterprise, track: str) -> str:
    from .ladder import held_tier

    tiers = TRACK_TIERS[track]
    h = held_tier(enterprise, track)
    return tiers[min(h + 1, len(tiers) - 1)]


def input_fields() -> dict:
    """Engine catalogue fields staff may enter by hand (expert scores and confirmations)."""
    return {name: f for name, f in catalog().items() if f.scope == "inputs"}


@transaction.atomic
def save_inputs(enterprise, year: int, values: dict, actor, version=None) -> EnterpriseInput:
    """Store expert scores / confirmations for one enterprise and year (None removes a value)."""
    require(actor, "assessment.run")
    require_scope(actor, enterprise)
    fields = input_fields()
    unknown = [k for k in values if k not in fields]
    if unknown:
        raise ValidationError({unknown[0]: "不是可录入的评估字段"})
    current = EnterpriseInput.objects.filter(enterprise=enterprise, year=year).first()
    merged = {**(current.values if current else {}), **values}
    merged = {k: v for k, v in merged.items() if v is not None}
    message = f"{year} 年度评估补充录入：" + "、".join(fields[k].label for k in values)
    if current is None:
        current = EnterpriseInput(enterprise=enterprise, year=year, values=merged)
        core.create_object(current, actor)
    else:
        core.update_object(current, {"values": merged}, actor, expected_version=version)
    core.emit_event(enterprise, INPUTS_ENTERED, message, actor, {"year": year, "values": values})
    return current
