"""挂图作战: the board (lifecycle columns coloured by status), the map, the Gantt chart and the dashboard."""

from __future__ import annotations

import json

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from gaoxin.core.actions import create_object, update_object
from gaoxin.core.context import Actor
from gaoxin.organization.models import Unit, User
from gaoxin.web.generic import need
from gaoxin.web.query import query_year

from .. import charts
from ..choices import LIFECYCLE, STATUS_COLOURS, Status
from ..frames import status_frame
from ..models import ZoneMap
from ..scopes import scoped_projects
from ..stats import DEFINITIONS, breakdown, cohort_stats

CARDS_PER_COLUMN = 40
SEVERITY = {Status.SEVERE: 0, Status.LAGGING: 1, Status.NORMAL: 2}


def _filtered(request):
    qs = scoped_projects(request.user).exclude(stage="终止")
    leader, department = request.GET.get("leader"), request.GET.get("department")
    if leader and leader.isdigit():
        qs = qs.filter(leader_id=leader)
    if department and department.isdigit():
        qs = qs.filter(department_id=department)
    return qs


def _choices(request) -> dict:
    zone_id = request.user.zone_id
    return {
        "leaders": User.objects.filter(zone_id=zone_id, role="leader").order_by("username"),
        "departments": Unit.objects.filter(zone_id=zone_id, level=2),
        "selected": request.GET,
    }


@login_required
def board(request):
    need(request, "projects.view")
    frame = status_frame(_filtered(request), request.user.zone)
    frame = frame.with_columns(
        rank=pl.col("status").replace_strict(SEVERITY, default=3, return_dtype=pl.Int8)
    )
    units = dict(Unit.objects.filter(zone_id=request.user.zone_id).values_list("pk", "name"))
    leaders = {u.pk: u.display_name for u in User.objects.filter(zone_id=request.user.zone_id, role="leader")}
    columns = []
    for stage in LIFECYCLE:
        part = frame.filter(pl.col("stage") == stage).sort(["rank", "code"])
        cards = [
            {
                **row,
                "colour": STATUS_COLOURS[row["status"]],
                "unit": units.get(row["department_id"], ""),
                "leader": leaders.get(row["leader_id"], ""),
            }
            for row in part.head(CARDS_PER_COLUMN)
            .select("id", "code", "name", "status", "department_id", "leader_id")
            .to_dicts()
        ]
        counts = dict(part.group_by("status").len().iter_rows())
        columns.append({"stage": stage, "total": part.height, "cards": cards, "counts": counts})
    context = {"title": "挂图作战", "columns": columns, "colours": STATUS_COLOURS, **_choices(request)}
    return render(request, "projects/board.html", context)


@login_required
def project_map(request):
    need(request, "projects.view")
    zone = request.user.zone
    boundary = ZoneMap.objects.filter(zone=zone).first()
    if request.method == "POST":
        need(request, "projects.edit")
        _upload_boundary(request, zone, boundary)
        return redirect("projects:map")
    frame = status_frame(_filtered(request).exclude(longitude=None).exclude(latitude=None), zone)
    option = charts.map_option(frame, has_boundary=boundary is not None)
    context = {
        "title": "项目地图",
        "option_json": json.dumps(option, ensure_ascii=False),
        "boundary": boundary.geojson if boundary else None,
        "count": frame.height,
        **_choices(request),
    }
    return render(request, "projects/map.html", context)


def _upload_boundary(request, zone, boundary) -> None:
    upload = request.FILES.get("geojson")
    try:
        data = json.loads(upload.read().decode("utf-8")) if upload else None
        if not isinstance(data, dict) or data.get("type") not in {"FeatureCollection", "Feature"}:
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        messages.error(request, "请上传 GeoJSON 格式的园区边界文件（FeatureCollection）")
        return
    actor = Actor.from_request(request)
    if boundary:
        update_object(boundary, {"geojson": data}, actor)
    else:
        create_object(ZoneMap(zone=zone, geojson=data), actor)
    messages.success(request, "园区边界已更新")


@login_required
def gantt(request):
    need(request, "projects.view")
    qs = _filtered(request).select_related("department")
    project_id = request.GET.get("project")
    chosen = qs.filter(pk=project_id).first() if project_id and project_id.isdigit() else None
    data = (
        charts.node_gantt(chosen) if chosen else charts.project_gantt(qs.order_by("next_due_on", "code")[:30])
    )
    context = {
        "title": "进度甘特图",
        "gantt": data,
        "projects": qs.order_by("code").values_list("pk", "code", "name")[:500],
        "chosen": chosen,
        **_choices(request),
    }
    return render(request, "projects/gantt.html", context)


@login_required
def dashboard(request):
    need(request, "projects.view")
    zone, qs = request.user.zone, scoped_projects(request.user)
    year = query_year(request, default=timezone.localdate().year)
    frame = status_frame(qs, zone)
    stats = cohort_stats(zone, year, frame=frame)
    from gaoxin.problems.stats import overdue_count

    context = {
        "title": "重点项目看板",
        "year": year,
        "stats": stats,
        "definitions": DEFINITIONS,
        "departments": breakdown(zone, year, "department", frame=frame),
        "overdue_problems": overdue_count(request.user),
        "status_json": json.dumps(charts.status_pie(frame), ensure_ascii=False),
        "stage_json": json.dumps(charts.stage_bar(frame), ensure_ascii=False),
        "invest": charts.investment_totals(frame),
    }
    return render(request, "projects/dashboard.html", context)
