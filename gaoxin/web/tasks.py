"""The polled partial of one background task (``core.TaskRun``) for the page that started it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache

from gaoxin.core.models import TaskRun
from gaoxin.core.work import live


@login_required
@never_cache
def task_progress(request, pk):
    task_run = get_object_or_404(TaskRun, pk=pk, user=request.user)  # anyone else's run is 404
    response = render(request, "web/_task_run.html", {"task_run": task_run, "live": live(task_run)})
    patch_vary_headers(response, ["Cookie"])
    del request.session  # a poll is no user activity (and writes nothing)
    return response
