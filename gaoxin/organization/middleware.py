from django.shortcuts import redirect
from django.urls import reverse


class PasswordExpiryMiddleware:
    """A user whose password is older than the policy allows must change it before anything else."""

    allowed_prefixes = ("/static/", "/logout", "/password", "/api/")

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
            return redirect(reverse("web:password_change") + "?expired=1")
        return self.get_response(request)
