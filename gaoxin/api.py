"""The JSON API under /api/v1/ (django-ninja): one router per app, one OpenAPI document.

Errors are JSON naming the field: ``{"detail": "...", "errors": [{"field": "...", "message": "..."}]}``.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from gaoxin.core.actions import StaleVersionError
from gaoxin.core.api_auth import API_AUTH, docs_access
from gaoxin.core.apiutil import text_errors
from gaoxin.core.refusals import audit_refusal


class CheckedParser(Parser):
    """JSON bodies, queries and form fields with a NUL byte or a lone surrogate in any string are refused
    (422 naming the field) before they reach a schema, a query or the database."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if errors := text_errors(data):
            request.gaoxin_text_errors = errors  # ninja turns a parser exception into a bare 400
            raise ValueError("unstorable text in the request body")
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        if errors := text_errors(result):
            raise ValidationError(errors)
        return result


class GaoxinAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        from gaoxin.core.openapi import complete

        return complete(self, super().get_openapi_schema(*args, **kwargs))


api = GaoxinAPI(
    title="高新区运营平台 API",
    version="1",
    description="Gaoxin JSON API. 认证：`Authorization: Bearer <令牌>`（在“API 令牌”页面创建），或浏览器会话。",
    auth=API_AUTH,
    urls_namespace="api",
    parser=CheckedParser(),
    docs_decorator=docs_access,  # the OpenAPI document and /docs: signed-in users or a valid token only
)

#: The apps with API operations, each a ``router`` in ``gaoxin/<app>/api.py`` mounted at /api/v1/<app>/.
ROUTED_APPS = [
    "registry",
    "transfer",
    "assessment",
    "points",
    "projects",
    "problems",
    "policies",
    "indicators",
]
for app in ROUTED_APPS:
    api.add_router(f"/{app}/", import_module(f"gaoxin.{app}.api").router)


def _errors_from_django(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [{"field": f, "message": str(m)} for f, msgs in exc.message_dict.items() for m in msgs]
    return [{"field": None, "message": m} for m in exc.messages]


@api.exception_handler(ValidationError)
def _validation(request, exc):
    errors = _errors_from_django(exc)
    return api.create_response(request, {"detail": "数据校验未通过", "errors": errors}, status=422)


def _field_path(loc) -> str | None:
    """ninja's location without its source, and for a body without the parameter's name:
    ("body", "data", "version") → "version", ("query", "year") → "year"."""
    parts = [str(p) for p in loc]
    parts = parts[2:] if parts[:1] == ["body"] and len(parts) > 2 else parts[1:]
    return ".".join(parts) or None


@api.exception_handler(NinjaValidationError)
def _ninja_validation(request, exc):
    errors = [{"field": _field_path(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors]
    return api.create_response(request, {"detail": "请求格式不正确", "errors": errors}, status=422)


@api.exception_handler(OverflowError)
def _overflow(request, exc):
    """An integer no database column can hold (an id or amount of 10^30) is the caller's error."""
    return api.create_response(request, {"detail": "数值超出允许范围", "errors": []}, status=422)


@api.exception_handler(StaleVersionError)
def _stale(request, exc):
    changes = [{"field": f, "before": a, "after": b} for f, a, b in exc.changes_for(request.user)]
    body = {"detail": exc.message_for(request.user), "changes": changes}
    return api.create_response(request, body, status=409)


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    audit_refusal(request, exc, 403)
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    audit_refusal(request, exc, 404)
    return api.create_response(request, {"detail": "记录不存在或无权访问"}, status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if errors := getattr(request, "gaoxin_text_errors", None):
        exc = ValidationError(errors)
        return api.create_response(
            request, {"detail": "数据校验未通过", "errors": _errors_from_django(exc)}, status=422
        )
    detail = {"Cannot parse request body": "请求体不是有效的 JSON"}.get(str(exc), str(exc))
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效"}, status=401)


__all__ = ["api", "settings"]
