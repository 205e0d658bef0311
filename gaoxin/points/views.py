"""Points pages: the scores (with breakdown), computing them, reference tables; the whitelist draft,
publishing, and the published versions (the only thing a bank user sees)."""

from __future__ import annotations

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gaoxin.core.context import Actor
from gaoxin.transfer.writer import write_xlsx
from gaoxin.web.generic import ObjectListView, need, xlsx_response

from . import actions, whitelist
from .filtersets import ScoreFilterSet
from .models import PointsRun, ReferenceTable, Score
from .scopes import scores_for, versions_for
from .tables import ENTRY_HEADERS, SCORE_TABLE, breakdown_text, entry_row

DRAFT_PREVIEW = 200  # rows of the draft shown before publishing


def latest_year() -> int | None:
    return Score.objects.order_by("-year").values_list("year", flat=True).first()


class ScoreListView(ObjectListView):
    title = "企业创新积分"
    capability = "points.view"
    filterset_class = ScoreFilterSet
    table = SCORE_TABLE
    template_name = "points/scores.html"
    export_url_name = "points:score_export"

    def scoped_queryset(self, request):
        qs = scores_for(request.user).select_related("enterprise")
        return qs if request.GET.get("year") else qs.filter(year=latest_year() or 0)

    def extra_context(self, request, qs) -> dict:
        return {
            "can_run": request.user.can("points.run"), "runs": PointsRun.objects.select_related("reference")[:5],
            "references": ReferenceTable.objects.defer("data")[:10], "this_year": timezone.localdate().year,
        }  # fmt: skip


@login_required
@require_POST
def run(request):
    need(request, "points.run")
    reference = ReferenceTable.objects.filter(pk=request.POST.get("reference") or 0).first()
    from gaoxin.core import work

    from .tasks import compute_points

    try:
        year = int(request.POST.get("year"))
    except (ValueError, TypeError):
        messages.error(request, "年度有误")
        return redirect("points:scores")
    arguments = {"year": year, "reference": reference.pk if reference else None}
    task_run = work.submit(
        compute_points, "points.run", f"{year} 年度创新积分", Actor.from_request(request), arguments
    )
    if task_run.state == "done":
        messages.success(request, task_run.result["message"])
    elif task_run.state == "failed":
        messages.error(request, task_run.message or "计算失败")
    else:
        messages.info(
            request, f"{year} 年度创新积分已提交后台计算，完成后刷新本页查看（任务编号 {task_run.pk}）"
        )
    return redirect("points:scores")


@login_required
@require_POST
def upload_reference(request):
    need(request, "points.run")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择参照表文件（.xlsx / .csv / .parquet）")
        return redirect("points:scores")
    try:
        year = int(request.POST.get("year") or timezone.localdate().year)
        table = actions.import_reference(
            request.POST.get("name") or upload.name,
            year,
            upload.read(),
            upload.name,
            Actor.from_request(request),
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已导入参照表“{table.name}”：{table.rows} 行")
    return redirect("points:scores")


@login_required
def whitelist_page(request):
    need(request, "whitelist.view")
    context = {"title": "贷款白名单", "versions": versions_for(request.user)[:50]}
    if request.user.can("whitelist.publish"):
        year = latest_year()
        if year is not None:
            rule = whitelist.rules(request.user)
            draft = whitelist.candidates(year, rule)
            included = draft.filter(pl.col("eligible")).sort("rank", "uscc")
            last = whitelist.last_version()
            preview = included.head(DRAFT_PREVIEW).with_row_index("position", offset=1).to_dicts()
            context.update(
                draft_year=year, rule=rule, draft_count=included.height, draft_preview=preview,
                preview_limit=DRAFT_PREVIEW, next_number=(last.number + 1) if last else 1,
                diff=whitelist.diff(draft, last), can_publish=True,
            )  # fmt: skip
    return render(request, "points/whitelist.html", context)


@login_required
@require_POST
def publish(request):
    need(request, "whitelist.publish")
    try:
        version = actions.publish_whitelist(Actor.from_request(request), request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("points:whitelist")
    messages.success(request, f"已发布第 {version.number} 版白名单：{version.entry_count} 家企业")
    return redirect("points:whitelist_version", version.number)


def ranked_entries(version, query: str = "") -> list:
    """The version's entries numbered 1, 2, 3 … within the list (``position``): the stored rank counts
    every scored enterprise, so the enterprises left out made the list's 排名 skip numbers. A search
    (name or code) keeps each entry's position in the whole list."""
    entries = list(version.entries.order_by("rank", "uscc"))
    for position, entry in enumerate(entries, start=1):
        entry.position = position
    if query:
        needle = query.upper()
        entries = [e for e in entries if query in e.name or needle in e.uscc]
    return entries


@login_required
def version_page(request, number: int):
    need(request, "whitelist.view")
    version = get_object_or_404(versions_for(request.user), number=number)
    query = (request.GET.get("q") or "").strip()
    context = {
        "title": f"第 {version.number} 版贷款白名单", "version": version, "q": query,
        "entries": ranked_entries(version, query), "changes": version.changes.all(),
    }  # fmt: skip
    return render(request, "points/version.html", context)


@login_required
def version_export(request, number: int):
    need(request, "whitelist.view")
    version = get_object_or_404(versions_for(request.user), number=number)
    content = write_xlsx(
        ENTRY_HEADERS, (entry_row(e) for e in ranked_entries(version)), f"白名单第{version.number}版"
    )
    return xlsx_response(content, f"贷款白名单第{version.number}版.xlsx")


@login_required
def score_export(request):
    need(request, "points.view")
    view = ScoreListView()
    _, qs = view.filtered(request)
    headers = [
        "排名",
        "统一社会信用代码",
        "企业名称",
        "年度",
        "创新积分",
        "百分位",
        "数据完整",
        "缺少数据",
        "积分构成",
    ]
    rows = (
        [s.rank, s.enterprise.uscc, s.enterprise.name, s.year, s.points, s.percentile, "是" if s.complete else "否",
         s.missing, breakdown_text(s)]
        for s in qs.order_by("rank", "pk")
    )  # fmt: skip
    return xlsx_response(write_xlsx(headers, rows, "创新积分"), "企业创新积分.xlsx")
