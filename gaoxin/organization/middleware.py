from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse


class PasswordExpiryMiddleware:
    """A user whose password is older than the policy allows must change it before anything else: pages
    redirect to the password form, the API (session) answers 403 JSON. Token callers are refused by
    gaoxin.core.api_auth (the token's user is not known here)."""

    allowed_prefixes = ("/static/", "/logout", "/password")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.password_expired
            and not request.path.startswith(self.allowed_prefixes)
        ):
            if request.path.startswith("/api/"):
                from gaoxin.core.api_auth import PASSWORD_EXPIRED

                return JsonResponse({"detail": PASSWORD_EXPIRED}, status=403)
            return redirect(reverse("web:password_change") + "?expired=1")
        return self.get_response(request)


SECOND_FACTOR_NEEDED = "本账号须使用“密码 + 动态口令”登录，请重新登录"


class SecondFactorMiddleware:
    """A signed-in person who must use a second factor (gaoxin.organization.twofactor.required) but whose
    session was not verified by one — signed in before the zone setting was turned on or the role given,
    or whose authenticator was reset since — is signed out: pages lead to the login (which then asks for
    the code or the enrolment), the API answers 401 JSON. Needs django-otp's OTPMiddleware before it."""

    allowed_prefixes = ("/static/", "/login", "/logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .twofactor import required

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and not user.is_verified()
            and required(user)
        ):
            from django.contrib.auth import logout
            from django.contrib.auth.views import redirect_to_login

            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": SECOND_FACTOR_NEEDED}, status=401)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


SESSION_SEEN = "_gaoxin_seen"  # when the session's expiry was last pushed forward (epoch seconds)


class IdleSessionMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE after the last request) without a session write per request.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every request: on SQLite that is a write
    lock per page view, which every server process queues for. Here the row is saved (and its expiry moved
    to now + SESSION_COOKIE_AGE) only when the last save is SESSION_REFRESH_SECONDS or more ago, so a
    session expires between SESSION_COOKIE_AGE − SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after the
    last request — never later. Sits after SessionMiddleware (its response side runs first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)  # a poll may drop it (transfer.views.job_progress)
        if session is None or session.session_key is None or not session.accessed:
            return response
        import time

        from django.conf import settings

        now = int(time.time())
        due = session.modified or now - session.get(SESSION_SEEN, 0) >= settings.SESSION_REFRESH_SECONDS
        if due and not session.is_empty():
            session[SESSION_SEEN] = now
        return response
