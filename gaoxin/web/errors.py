from django.shortcuts import render

from gaoxin.core.refusals import audit_refusal


def forbidden(request, exception=None):
    from gaoxin.organization.zones import zone_exists

    from .middleware import first_run

    if not zone_exists():  # nobody has a role before the zone is set up: say how, not "no permission"
        return first_run(request)
    audit_refusal(request, exception, 403)
    return render(
        request,
        "web/error.html",
        {"title": "无权访问", "message": str(exception or "您没有权限访问此页面")},
        status=403,
    )


def not_found(request, exception=None):
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        audit_refusal(request, exception, 404)  # an out-of-scope record answers 404: a refused access
    return render(
        request,
        "web/error.html",
        {"title": "页面不存在", "message": "页面不存在，或您无权查看该记录"},
        status=404,
    )


def bad_request(request, exception=None):
    """A bad query value (``BadRequest`` with a Chinese reason) or a malformed request."""
    message = str(exception) if exception and str(exception) else "请求参数有误，请检查后重试"
    return render(request, "web/error.html", {"title": "请求参数有误", "message": message}, status=400)
