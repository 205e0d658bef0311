"""填报审核 pages: the list (to review for departments, one's own reports for the others) and one
submission with its diff and the review buttons."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gaoxin.core.actions import StaleVersionError
from gaoxin.core.context import Actor
from gaoxin.core.refusals import audit_refusal
from gaoxin.registry.review import may_review
from gaoxin.registry.scopes import enterprises_for
from gaoxin.web.generic import ObjectListView, need
from gaoxin.web.tables import Column, Table

from . import actions
from .choices import Kind, Status
from .models import Submission
from .values import diff


def submissions_for(user):
    """What a person may see: the reports about the enterprises in their scope."""
    return Submission.objects.filter(enterprise__in=enterprises_for(user).values("pk"))


class SubmissionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="填报内容", choices=Kind.choices, empty_label="全部内容")
    q = django_filters.CharFilter(label="企业名称", field_name="enterprise__name", lookup_expr="contains")

    class Meta:
        model = Submission
        fields = ["status", "kind", "q"]


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


TABLE = Table(
    [
        Column("id", "编号", accessor=lambda s: f"TB{s.pk:06d}", link="submissions:detail", order_by="pk"),
        Column("enterprise", "企业", accessor="enterprise.name", order_by="enterprise__name"),
        Column(
            "kind",
            "填报内容",
            accessor=lambda s: f"{s.year or ''}{' 年度' if s.year else ''}{s.get_kind_display()}",
        ),
        Column("status", "状态", accessor=lambda s: s.get_status_display(), order_by="status"),
        Column("submitted_by", "填报人", accessor=lambda s: s.submitted_by.display_name),
        Column("submitted_at", "填报时间", accessor=lambda s: _when(s.submitted_at), order_by="submitted_at"),
        Column(
            "reviewed_by", "审核人", accessor=lambda s: s.reviewed_by.display_name if s.reviewed_by else None
        ),
        Column("reviewed_at", "审核时间", accessor=lambda s: _when(s.reviewed_at)),
    ],
    default_order="-submitted_at",
)


class SubmissionListView(ObjectListView):
    title = "填报审核"
    capability = "registry.edit"
    filterset_class = SubmissionFilterSet
    table = TABLE

    def scoped_queryset(self, request):
        return submissions_for(request.user).select_related("enterprise", "submitted_by", "reviewed_by")

    def filtered(self, request):
        """Departments start on what waits for them (待审核)."""
        if "status" not in request.GET and may_review(request.user):
            query = request.GET.copy()
            query["status"] = Status.PENDING
            request.GET = query
        return super().filtered(request)


def _submission(request, pk: int) -> Submission:
    need(request, "registry.edit")
    qs = submissions_for(request.user).select_related("enterprise", "submitted_by", "reviewed_by")
    return get_object_or_404(qs, pk=pk)


def _current_values(submission) -> dict | None:
    current = actions._current(submission.enterprise, submission.kind, submission.year)
    return current.snapshot() if current is not None else None


@login_required
def detail(request, pk: int):
    submission = _submission(request, pk)
    pending = submission.status == Status.PENDING
    context = {
        "title": f"填报 TB{submission.pk:06d}：{submission}",
        "submission": submission,
        "rows": diff(submission, _current_values(submission) if pending else None),
        "can_review": pending and may_review(request.user),
        "can_withdraw": pending and submission.submitted_by_id == request.user.pk,
    }
    return render(request, "submissions/detail.html", context)


@require_POST
@login_required
def act(request, pk: int, op: str):
    submission = _submission(request, pk)
    actor = Actor.from_request(request)
    calls = {
        "approve": (lambda: actions.approve(submission, actor), "已审核通过，数据已生效"),
        "return": (
            lambda: actions.return_submission(submission, request.POST.get("reason", ""), actor),
            "已退回",
        ),
        "withdraw": (lambda: actions.withdraw(submission, actor), "已撤回"),
    }
    if op not in calls:
        return redirect("submissions:detail", pk)
    call, success = calls[op]
    try:
        call()
    except StaleVersionError as exc:
        messages.error(request, f"{exc}（可退回该填报，请企业按最新数据重新填报）")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        audit_refusal(request, exc)
        messages.error(request, str(exc) or "您没有执行此操作的权限")
    else:
        messages.success(request, success)
    return redirect("submissions:detail", pk)
