"""The OpenAPI document tells the truth: every operation declares its error responses (401, 403, 404, 409,
422 with the error schema every handler in gaoxin.api returns), a JSON 200 even where the view returns a
plain dict, and the list filters (the page's FilterSet) as query parameters."""

from __future__ import annotations

from django import forms
from django_filters import filters as f

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "说明（中文）"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": ["string", "null"], "description": "出错的字段"},
                    "message": {"type": "string"},
                },
            },
        },
        "changes": {"type": "array", "description": "409：他人修改的字段", "items": {"type": "object"}},
    },
}
ERRORS = {
    "400": "请求体不是有效的 JSON",
    "401": "未登录或令牌无效",
    "403": "无权访问（或密码已过期）",
    "404": "记录不存在或无权访问",
    "409": "记录已被他人修改（version 过期）",
    "422": "数据校验未通过（errors 逐项说明字段与原因）",
}
REF = {"$ref": "#/components/schemas/Error"}


def _filter_schema(flt) -> dict:
    if isinstance(flt, f.ModelChoiceFilter | f.NumberFilter) and not isinstance(
        flt, f.ModelMultipleChoiceFilter
    ):
        whole = (
            isinstance(flt, f.ModelChoiceFilter) or getattr(flt, "field_class", None) is forms.IntegerField
        )
        return {"type": "integer"} if whole else {"type": "number"}
    if isinstance(flt, f.BooleanFilter):
        return {"type": "boolean"}
    if isinstance(flt, f.DateFilter):
        return {"type": "string", "format": "date"}
    if isinstance(flt, f.ChoiceFilter) and not callable(getattr(flt, "extra", {}).get("choices")):
        choices = [str(c[0]) for c in flt.extra.get("choices") or [] if c[0] not in ("", None)]
        return {"type": "string", "enum": choices} if choices else {"type": "string"}
    return {"type": "string"}


def filter_parameters(filterset_class) -> list[dict]:
    return [
        {
            "in": "query",
            "name": name,
            "required": False,
            "description": str(flt.label or name),
            "schema": _filter_schema(flt),
        }
        for name, flt in filterset_class.base_filters.items()
    ]


def complete(api, schema: dict) -> dict:
    """Add the error responses, a JSON 200 and the filter parameters to ``schema`` (the generated one)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    filtersets = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if cls := getattr(operation.view_func, "filterset_class", None):
                    filtersets[operation.operation_id or api.get_openapi_operation_id(operation)] = cls
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            ok = responses.setdefault("200", {"description": "OK"})
            ok.setdefault("content", {"application/json": {"schema": {"type": "object"}}})
            for code, text in ERRORS.items():
                responses.setdefault(
                    code, {"description": text, "content": {"application/json": {"schema": REF}}}
                )
            if cls := filtersets.get(operation.get("operationId")):
                names = {p["name"] for p in operation.get("parameters", [])}
                operation.setdefault("parameters", []).extend(
                    p for p in filter_parameters(cls) if p["name"] not in names
                )
    return schema
