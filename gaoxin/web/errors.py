from django.shortcuts import render


def forbidden(request, exception=None):
    from gaoxin.organization.zones import zone_exists

    from .middleware import first_run

    if not zone_exists():  # nobody has a role before the zone is set up: say how, not "no permission"
        return first_run(request)
    return render(
        request,
        "web/error.html",
        {"title": "无权访问", "message": str(exception or "您没有权限访问此页面")},
        status=403,
    )


def not_found(request, exception=None):
    return render(
        request,
        "web/error.html",
        {"title": "页面不存在", "message": "页面不存在，或您无权查看该记录"},
        status=404,
    )
