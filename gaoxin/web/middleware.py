from django.shortcuts import render

from gaoxin.organization.zones import ZoneMissing


class FirstRunMiddleware:
    """On a database without a zone, a page that needs one shows how to go live instead of an error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ZoneMissing):
            return first_run(request)
        return None


def first_run(request):
    return render(request, "web/first_run.html", {"title": "尚未初始化园区"}, status=503)
