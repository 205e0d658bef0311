"""填报审核: an enterprise's or street's change to registry data becomes a submission; the responsible
department approves it (the registry action then writes it as the reviewer, naming the reporter) or
returns it with a reason. Each step writes the submission, its change row, a timeline event on the
enterprise and a message to the people concerned, in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gaoxin.core import actions as core
from gaoxin.notifications.actions import notify
from gaoxin.organization.models import User
from gaoxin.registry import actions as registry
from gaoxin.registry.review import may_review, reports_for_review
from gaoxin.registry.scopes import in_scope

from .choices import Kind, Status
from .models import Submission
from .values import dump, load, model_for

SUBMITTED = "submissions.submitted"
APPROVED = "submissions.approved"
RETURNED = "submissions.returned"
EVENT_TYPES = {SUBMITTED: "填报提交", APPROVED: "填报审核通过", RETURNED: "填报退回"}
#: The setting (Zone.settings) naming the unit whose members review reports; unset: every department.
REVIEW_UNIT_SETTING = "submission_review_unit"


def _current(enterprise, kind: str, year: int | None):
    """The record the report changes (None for a new year row or a new qualification)."""
    if kind == Kind.ENTERPRISE:
        return enterprise
    if kind == Kind.YEAR:
        return enterprise.years.filter(year=year).first()
    return None


@transaction.atomic
def submit(enterprise, kind: str, values: dict, actor, year: int | None = None) -> Submission:
    """Report ``values`` ({field: value}) for review; only what differs from the record is kept."""
    user = actor.user
    if not user.can("registry.edit") or not reports_for_review(user):
        raise PermissionDenied("您的修改直接生效，无需提交审核")
    if not in_scope(user, enterprise):
        raise PermissionDenied("该企业不在您的管辖范围内")
    if user.role == "enterprise" and registry.MANAGED_FIELDS & set(values):
        raise PermissionDenied("企业用户不能修改信用代码、所属单位、包联干部和标签")
    model = model_for(kind)
    current = _current(enterprise, kind, year)
    before = current.snapshot() if current is not None else {}
    reported = dump(model, values)
    changes = {k: v for k, v in reported.items() if before.get(k) != v and (current or v is not None)}
    if not changes:
        raise ValidationError({"__all__": "与现有数据相比没有修改，无需提交"})
    pending = Submission.objects.filter(enterprise=enterprise, kind=kind, year=year, status=Status.PENDING)
    if kind != Kind.QUALIFICATION and pending.exclude(submitted_by=user).exists():
        raise ValidationError({"__all__": "该项数据已有他人提交的填报正在审核，请待审核完成后再提交"})
    mine = pending.filter(submitted_by=user).first() if kind != Kind.QUALIFICATION else None
    if mine is not None:  # a second report before the review replaces the first (one diff to review)
        submission = core.update_object(mine, {"changes": {**mine.changes, **changes}}, actor)
    else:
        submission = core.create_object(
            Submission(
                enterprise=enterprise, kind=kind, year=year, changes=changes, before=before,
                base_version=current.version if current is not None else None, submitted_by=user,
            ),
            actor,
        )  # fmt: skip
    core.emit_event(enterprise, SUBMITTED, f"提交{_what(submission)}，待主管部门审核", actor)
    notify(
        reviewers(enterprise),
        kind="submissions.to_review",
        title=f"{enterprise.name}提交了{_what(submission)}，请审核",
        body=f"填报人：{user.display_name}；共 {len(submission.changes)} 项",
        url=reverse("submissions:detail", args=[submission.pk]),
        actor=actor,
    )
    return submission


def _what(submission) -> str:
    year = f"{submission.year} 年度" if submission.year else ""
    return f"{year}{submission.get_kind_display()}填报"


def reviewers(enterprise) -> list:
    """The people told of a new report: the review unit's members (zone setting), else every department's."""
    if enterprise.unit_id is None:  # 未分配: the zone's own reviewers
        from gaoxin.organization.zones import current_zone

        zone = current_zone()
    else:
        zone = enterprise.unit.zone
    people = User.objects.filter(
        zone=zone, is_active=True, role="staff", unit__kind__in=["committee", "department"]
    )
    unit_id = zone.setting(REVIEW_UNIT_SETTING, None)
    if unit_id:
        people = people.filter(unit_id=unit_id)
    return [p for p in people.select_related("unit") if may_review(p)]


def _reviewable(submission, actor) -> None:
    if not may_review(actor.user):
        raise PermissionDenied("只有主管部门人员可以审核填报")
    if submission.status != Status.PENDING:
        raise ValidationError({"status": f"该填报已{submission.get_status_display()}，不能再审核"})


@transaction.atomic
def approve(submission: Submission, actor) -> Submission:
    """审核通过: the registry action writes the reported values as the reviewer, naming the reporter."""
    _reviewable(submission, actor)
    enterprise, reporter = submission.enterprise, submission.submitted_by
    values = load(model_for(submission.kind), submission.changes)
    if submission.kind == Kind.ENTERPRISE:
        registry.update_enterprise(enterprise, values, actor, expected_version=submission.base_version)
    elif submission.kind == Kind.YEAR:
        registry.save_year(
            enterprise, submission.year, values, actor, submission.base_version, reported_by=reporter
        )
    else:
        registry.grant_qualification(enterprise, values, actor, reported_by=reporter)
    done = _close(submission, Status.APPROVED, actor)
    message = f"{_what(done)}审核通过（填报人：{reporter.display_name}，审核人：{actor.user.display_name}）"
    core.emit_event(enterprise, APPROVED, message, actor, {"submission": done.pk})
    _tell_reporter(done, f"您提交的{enterprise.name}{_what(done)}已审核通过", "", actor)
    return done


@transaction.atomic
def return_submission(submission: Submission, reason: str, actor) -> Submission:
    """退回 with the reason the reporter reads; nothing of the report is written."""
    _reviewable(submission, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    done = _close(submission, Status.RETURNED, actor, reason=reason[:500])
    message = f"{_what(done)}被退回：{reason[:200]}（审核人：{actor.user.display_name}）"
    core.emit_event(submission.enterprise, RETURNED, message, actor, {"submission": done.pk})
    _tell_reporter(done, f"您提交的{done.enterprise.name}{_what(done)}被退回", f"退回原因：{reason}", actor)
    return done


@transaction.atomic
def withdraw(submission: Submission, actor) -> Submission:
    """The reporter takes back a report not yet reviewed."""
    if submission.submitted_by_id != actor.user.pk:
        raise PermissionDenied("只能撤回本人提交的填报")
    if submission.status != Status.PENDING:
        raise ValidationError({"status": f"该填报已{submission.get_status_display()}，不能撤回"})
    return core.update_object(submission, {"status": Status.WITHDRAWN}, actor)


def _close(submission, status, actor, reason: str = "") -> Submission:
    changes = {"status": status, "reviewed_by": actor.user, "reviewed_at": timezone.now(), "reason": reason}
    return core.update_object(submission, changes, actor)


def _tell_reporter(submission, title: str, body: str, actor) -> None:
    url = reverse("submissions:detail", args=[submission.pk])
    notify(
        [submission.submitted_by], kind="submissions.reviewed", title=title, body=body, url=url, actor=actor
    )
