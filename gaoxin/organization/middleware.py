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
