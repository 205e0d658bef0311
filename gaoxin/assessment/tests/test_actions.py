"""培育/申报 moves and expert inputs: audited (change row + timeline event), capability and scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gaoxin.assessment.actions import save_inputs, set_stage
from gaoxin.assessment.models import EnterpriseInput, LadderMark
from gaoxin.core.actions import history, timeline
from gaoxin.core.context import Actor

from .factories import model_enterprise

pytestmark = pytest.mark.django_db


def test_stage_moves_are_audited(org, users):
    ent = model_enterprise(org, users.liaison1)
    actor = Actor(user=users.liaison1, source="web")
    mark = set_stage(ent, "tech", "cultivate", actor, note="走访确认")
    assert mark.target == "tsme"  # the next tier above what it holds
    set_stage(ent, "tech", "apply", actor, "hte")
    events = list(timeline(ent).filter(type="assessment.stage_set"))
    assert [e.payload["stage"] for e in events] == ["apply", "cultivate"]
    assert "申报" in events[0].message and events[0].user == users.liaison1
    changes = [c for c in history(ent) if c.content_type.model == "laddermark"]
    assert [c.action for c in changes] == ["update", "create"]
    assert (
        changes[0].prechange_data["stage"] == "cultivate" and changes[0].postchange_data["stage"] == "apply"
    )
    set_stage(ent, "tech", "", actor)
    assert LadderMark.objects.get(enterprise=ent).stage == ""


def test_stage_moves_refused(org, users):
    ent = model_enterprise(org, users.liaison1)
    with pytest.raises(PermissionDenied):  # not their enterprise
        set_stage(ent, "tech", "cultivate", Actor(user=users.liaison2))
    with pytest.raises(PermissionDenied):  # no ladder.move
        set_stage(ent, "tech", "cultivate", Actor(user=users.bank))
    with pytest.raises(ValidationError):  # 认定 is computed, never set by hand
        set_stage(ent, "tech", "recognised", Actor(user=users.leader))
    with pytest.raises(ValidationError):
        set_stage(ent, "tech", "apply", Actor(user=users.leader), "little_giant")
    assert not LadderMark.objects.exists()


def test_expert_scores_are_audited(org, users):
    ent = model_enterprise(org)
    actor = Actor(user=users.staff1)
    save_inputs(ent, 2026, {"hte_expert_advancement": 7, "hte_expert_rd_management": 18}, actor)
    row = EnterpriseInput.objects.get(enterprise=ent, year=2026)
    assert row.values == {
        "industry_restricted": False,
        "hte_expert_advancement": 7,
        "hte_expert_rd_management": 18,
    }
    assert timeline(ent).filter(type="assessment.inputs_entered").exists()
    assert any(c.content_type.model == "enterpriseinput" for c in history(ent))
    with pytest.raises(ValidationError):
        save_inputs(ent, 2026, {"rd_expense": 1}, actor)
    with pytest.raises(PermissionDenied):
        save_inputs(ent, 2026, {"hte_expert_advancement": 1}, Actor(user=users.liaison1))
