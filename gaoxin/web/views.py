from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gaoxin.core.context import Actor
from gaoxin.organization.people_actions import change_own_password
from gaoxin.organization.security import check_credentials, refusal_message
from gaoxin.organization.twofactor import asks_code
from gaoxin.organization.zones import zone_exists

from . import second_factor
from .dashboard import dashboard_cards, dashboard_todos


class LoginForm(forms.Form):
    username = forms.CharField(label="账号", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput)


def login_view(request):
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        user = check_credentials(request, form.cleaned_data["username"], form.cleaned_data["password"])
        if user is None:
            error = refusal_message()
            user_login_failed.send(
                sender=__name__, credentials={"username": form.cleaned_data["username"]}, request=request
            )
        if user is not None:
            target = request.GET.get("next") or "/"
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = "/"
            if asks_code(user):  # not logged in yet: the code (or the enrolment) comes first
                return second_factor.begin(request, user, target)
            login(request, user)
            return redirect(target)
    return render(
        request, "web/login.html", {"form": form, "error": error, "zone_missing": not zone_exists()}
    )


@require_POST
def logout_view(request):
    logout(request)
    return redirect("web:login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = change_own_password(
            request.user, form.cleaned_data["new_password1"], Actor.from_request(request)
        )
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改")
        return redirect("web:dashboard")
    return render(request, "web/password_change.html", {"form": form, "expired": request.GET.get("expired")})


@login_required
def dashboard(request):
    if not zone_exists():
        from .middleware import first_run

        return first_run(request)
    todos, more = dashboard_todos(request, timezone.localdate())
    return render(
        request, "web/dashboard.html", {"cards": dashboard_cards(request), "todos": todos, "more": more}
    )
