import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gaoxin.core.context import Actor
from gaoxin.projects import actions
from gaoxin.projects.choices import Stage


def test_plan_is_generated_from_the_type_template(make_project, users):
    project = make_project(with_plan=True, signed_on=dt.date(2026, 1, 1))
    nodes = list(project.nodes.all())
    assert [n.name for n in nodes][:3] == ["立项", "用地", "规划许可"]
    assert nodes[0].planned_on == dt.date(2026, 1, 16)  # 立项: 15 days after signing
    assert nodes[1].planned_on == dt.date(2026, 3, 17)  # 用地: 60 more days
    assert nodes[1].unit.name == "自然资源分局"
    project.refresh_from_db()
    assert project.next_due_on == dt.date(2026, 1, 16)


def test_milestones_advance_in_order_and_refuse_skips(make_project, users):
    project = make_project()
    actor = Actor(user=users.leader)
    with pytest.raises(ValidationError, match="项目尚未开工，不能登记投产"):
        actions.record_milestone(project, Stage.PRODUCING, dt.date(2026, 5, 1), actor)
    actions.record_milestone(project, Stage.STARTED, dt.date(2026, 3, 1), actor)
    assert project.stage == Stage.STARTED
    with pytest.raises(ValidationError, match="不能早于"):
        actions.record_milestone(project, Stage.PRODUCING, dt.date(2026, 2, 1), actor)
    actions.record_milestone(project, Stage.PRODUCING, dt.date(2026, 6, 1), actor)
    assert project.stage == Stage.PRODUCING


def test_termination_needs_a_reason_and_ends_the_lifecycle(make_project, users):
    project = make_project()
    actor = Actor(user=users.leader)
    with pytest.raises(ValidationError, match="终止原因"):
        actions.terminate_project(project, dt.date(2026, 4, 1), " ", actor)
    actions.terminate_project(project, dt.date(2026, 4, 1), "企业资金链断裂", actor)
    assert project.stage == Stage.TERMINATED
    with pytest.raises(ValidationError, match="项目已终止"):
        actions.record_milestone(project, Stage.STARTED, dt.date(2026, 4, 2), actor)


def test_completing_a_milestone_node_records_the_stage(make_project, users):
    project = make_project(with_plan=True)
    node = project.nodes.get(name="开工")
    actions.complete_node(node, dt.date(2026, 6, 1), Actor(user=users.liaison1))
    project.refresh_from_db()
    assert project.started_on == dt.date(2026, 6, 1) and project.stage == Stage.STARTED


def test_a_liaison_acts_only_for_his_projects(make_project, users):
    project = make_project(liaison=users.liaison2)
    with pytest.raises(PermissionDenied):
        actions.record_milestone(project, Stage.STARTED, dt.date(2026, 3, 1), Actor(user=users.liaison1))
