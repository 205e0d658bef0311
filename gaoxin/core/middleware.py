from .context import Actor, reset_actor, set_actor


class RequestContextMiddleware:
    """Makes the requesting user and IP the fallback actor for anything recorded during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        token = set_actor(Actor.from_request(request, source=source))
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)


API_ERROR_TEXT = {
    400: "请求格式不正确",
    401: "未登录或令牌无效",
    403: "无权访问",
    404: "接口或记录不存在",
    405: "不支持该请求方法",
    413: "请求体过大",
    500: "服务器内部错误，请稍后重试或联系系统管理员",
}


class ApiErrorsAsJsonMiddleware:
    """Every error under /api/ is JSON ``{"detail": …}``: Django's HTML 404 for an unknown path, the plain-text
    405 of a wrong method and the HTML 500 page are rewritten (the status and an ``Allow`` header are kept)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        from django.http import JsonResponse

        detail = API_ERROR_TEXT.get(response.status_code) or response.reason_phrase
        if response.status_code == 405 and response.has_header("Allow"):
            detail = f"{detail}（可用：{response['Allow']}）"
        replaced = JsonResponse({"detail": detail}, status=response.status_code)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if response.has_header(header):
                replaced[header] = response[header]
        return replaced
