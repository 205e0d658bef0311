"""The second step of signing in (双因素认证): after the right password, a person who must use a second
factor is *not* logged in yet. The session holds only who passed the password and when (five minutes);
the person either types the authenticator's code (or a recovery code), or — with no authenticator yet —
enrols one on a page that shows its QR code (drawn on the server). Only then does Django's ``login()`` run,
with the verifying device recorded in the session (django-otp), so every page, the API and the expiry
check see a fully signed-in person or nobody."""

from __future__ import annotations

import time

import django_otp
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.shortcuts import redirect, render

from gaoxin.core.context import Actor
from gaoxin.organization import factor_actions
from gaoxin.organization.twofactor import qr_svg, secret_text, totp_device

PENDING_USER = "gaoxin_2fa_user"
PENDING_SINCE = "gaoxin_2fa_since"
PENDING_NEXT = "gaoxin_2fa_next"
PENDING_SECONDS = 300


def code_refusal() -> str:
    return (
        f"动态口令错误或已过期。连续 {settings.LOCKOUT_THRESHOLD} 次验证失败的账号将锁定 "
        f"{settings.LOCKOUT_MINUTES} 分钟，如需提前解锁请联系安全管理员"
    )


class CodeForm(forms.Form):
    code = forms.CharField(label="动态口令", max_length=40, strip=True)


def begin(request, user, target: str):
    """The password was right: remember who, and send them to the code or the enrolment step."""
    request.session.cycle_key()  # a fresh session id before any privilege (no fixation)
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_SINCE] = time.time()
    request.session[PENDING_NEXT] = target
    if totp_device(user) is None:
        return redirect("web:second_factor_enrol")
    return redirect("web:second_factor")


def _pending(request):
    pk, since = request.session.get(PENDING_USER), request.session.get(PENDING_SINCE, 0)
    if pk is None or time.time() - since > PENDING_SECONDS:
        _clear(request)
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def _clear(request) -> str:
    target = request.session.pop(PENDING_NEXT, "/")
    for key in (PENDING_USER, PENDING_SINCE):
        request.session.pop(key, None)
    return target


def _finish(request, user, device):
    target = _clear(request)
    user.otp_device = device
    login(request, user)
    django_otp.login(request, device)
    return target


def _actor(request, user) -> Actor:
    from gaoxin.core.context import client_ip

    return Actor(user=user, ip=client_ip(request), source="web")


def second_factor(request):
    """登录第二步：身份验证器中的 6 位动态口令（或一个恢复码）。"""
    user = _pending(request)
    if user is None:
        return redirect("web:login")
    if totp_device(user) is None:
        return redirect("web:second_factor_enrol")
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        device = factor_actions.verify_second_factor(request, user, form.cleaned_data["code"])
        if device is not None:
            return redirect(_finish(request, user, device))
        error = code_refusal()
    return render(request, "web/second_factor.html", {"form": form, "error": error, "person": user})


def second_factor_enrol(request):
    """绑定身份验证器: the QR code and the secret of a new TOTP device; the first code confirms it, then the
    ten recovery codes are shown once (in this response only)."""
    user = _pending(request)
    if user is None:
        return redirect("web:login")
    if totp_device(user) is not None:  # never enrol over an existing factor: that is what reset is for
        return redirect("web:second_factor")
    device = factor_actions.enrol_device(user, _actor(request, user))
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        codes = factor_actions.confirm_device(
            request, user, device, form.cleaned_data["code"], _actor(request, user)
        )
        if codes is not None:
            target = _finish(request, user, device)
            return render(request, "web/recovery_codes.html", {"codes": codes, "next": target})
        error = code_refusal()
    return render(
        request,
        "web/second_factor_enrol.html",
        {"form": form, "error": error, "person": user, "qr": qr_svg(device), "secret": secret_text(device)},
    )
