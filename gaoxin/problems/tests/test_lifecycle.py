import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gaoxin.core.actions import timeline
from gaoxin.problems import actions
from gaoxin.problems.choices import State


def test_the_full_path_to_closing(raise_as, as_):
    p = raise_as("liaison1")
    assert p.state == State.PENDING and p.source == "liaison"
    actions.accept(p, as_("staff1"))
    actions.resolve(p, "已协调供电公司完成增容", as_("staff1"))
    actions.confirm(p, 5, as_("liaison1"), "很满意")
    p.refresh_from_db()
    assert p.state == State.CLOSED and p.rating == 5 and p.close_mode == "confirmed"
    types = [e.type for e in timeline(p)]
    assert types[::-1] == ["problems.raised", "problems.accept", "problems.resolve", "problems.confirm"]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda p, a: actions.resolve(p, "x", a("staff1")), "当前为“待受理”，不能办结"),
        (lambda p, a: actions.confirm(p, 5, a("liaison1")), "当前为“待受理”，不能确认销号"),
        (lambda p, a: actions.override_close(p, "x", a("leader")), "当前为“待受理”，不能决定销号"),
        (lambda p, a: actions.resubmit(p, a("liaison1")), "当前为“待受理”，不能重新提交"),
    ],
)
def test_illegal_transitions_are_refused_in_chinese(raise_as, as_, action, message):
    p = raise_as()
    with pytest.raises(ValidationError, match=message):
        action(p, as_)


def test_closed_problems_cannot_move(raise_as, as_):
    p = raise_as()
    actions.accept(p, as_("staff1"))
    actions.resolve(p, "已解决", as_("staff1"))
    actions.override_close(p, "提出人联系不上，经核实已解决", as_("leader"))
    with pytest.raises(ValidationError, match="当前为“已销号”，不能受理"):
        actions.accept(p, as_("staff1"))
    with pytest.raises(ValidationError, match="不能督办"):
        actions.supervise(p, "立即整改", dt.date.today(), as_("leader"))


def test_only_the_lead_department_handles_and_only_the_raiser_confirms(raise_as, as_, org, users):
    p = raise_as()
    with pytest.raises(PermissionDenied, match="牵头部门"):
        actions.accept(p, as_("street"))
    actions.accept(p, as_("staff1"))
    actions.resolve(p, "已解决", as_("staff1"))
    with pytest.raises(PermissionDenied, match="提出人"):
        actions.confirm(p, 4, as_("liaison2"))
    with pytest.raises(PermissionDenied, match="领导"):
        actions.override_close(p, "理由", as_("staff1"))
    with pytest.raises(ValidationError, match="销号理由"):
        actions.override_close(p, "  ", as_("leader"))


def test_return_and_resubmit_and_reopen(raise_as, as_):
    p = raise_as()
    with pytest.raises(ValidationError, match="退回理由"):
        actions.return_problem(p, "", as_("staff1"))
    actions.return_problem(p, "请补充用电负荷数据", as_("staff1"))
    assert p.state == State.RETURNED
    actions.resubmit(p, as_("liaison1"), "补充：需增容 2000kVA")
    actions.accept(p, as_("staff1"))
    actions.resolve(p, "已办理", as_("staff1"))
    actions.reopen(p, "仍未通电", as_("liaison1"))
    assert p.state == State.IN_PROGRESS and p.resolved_on is None


def test_extension_is_approved_by_a_leader(raise_as, as_):
    p = raise_as(severity="重大")
    actions.accept(p, as_("staff1"))
    with pytest.raises(ValidationError, match="须晚于"):
        actions.request_extension(p, p.deadline, "需上级审批", as_("staff1"))
    ext = actions.request_extension(p, p.deadline + dt.timedelta(days=15), "需省厅审批", as_("staff1"))
    with pytest.raises(PermissionDenied, match="领导审批"):
        actions.decide_extension(ext, True, as_("staff1"))
    actions.decide_extension(ext, True, as_("leader"))
    p.refresh_from_db()
    assert p.deadline == ext.new_deadline
    with pytest.raises(ValidationError, match="已审批"):
        actions.decide_extension(ext, False, as_("leader"))


def test_supervision_order_and_rectification_plan(raise_as, as_):
    p = raise_as()
    order = actions.supervise(p, "三日内报送整改方案", dt.date.today() + dt.timedelta(days=3), as_("leader"))
    actions.submit_plan(order, "一、成立专班；二、协调供电公司", as_("staff1"))
    with pytest.raises(ValidationError, match="已报送"):
        actions.submit_plan(order, "再报", as_("staff1"))
    assert [e.type for e in timeline(p)][:2] == ["problems.plan_submitted", "problems.supervised"]
