from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gaoxin.organization.models import Unit, Zone
from gaoxin.web.generic import need, save_zone_settings

from . import actions
from .forms import ChannelSettingsForm
from .kinds import KINDS
from .scopes import inbox, unread_count


@login_required
def inbox_view(request):
    qs = inbox(request.user)
    unread_only = request.GET.get("tab") == "unread"
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    kind = request.GET.get("kind", "")
    if kind in KINDS:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    kinds_present = inbox(request.user).values_list("kind", flat=True).distinct().order_by()
    return render(
        request,
        "notifications/inbox.html",
        {
            "title": "消息中心",
            "page": page,
            "unread_only": unread_only,
            "kind": kind,
            "kinds": [(k, KINDS[k]) for k in sorted(set(kinds_present)) if k in KINDS],
            "unread_total": unread_count(request.user),
        },
    )


@login_required
def open_view(request, pk: int):
    """Opening a message marks it read and follows its link."""
    note = get_object_or_404(inbox(request.user), pk=pk)
    actions.mark_read(request.user, [note.pk])
    if note.url and url_has_allowed_host_and_scheme(note.url, {request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_view(request):
    if request.POST.get("all"):
        count = actions.mark_read(request.user)
    else:
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
        count = actions.mark_read(request.user, ids)
    messages.success(request, f"已将 {count} 条消息标为已读")
    return redirect(request.POST.get("next") or "notifications:inbox")


@login_required
def channels_view(request):
    need(request, "system.settings")
    zone = get_object_or_404(Zone.objects.order_by("pk")[:1])
    units = Unit.objects.filter(zone=zone, level__lte=3).order_by("path")
    form = ChannelSettingsForm(request.POST or None, units=units, zone=zone)
    if saved := save_zone_settings(request, form, zone, "消息渠道设置已保存", "notifications:channels"):
        return saved
    return render(request, "notifications/channels.html", {"title": "消息渠道", "form": form})
