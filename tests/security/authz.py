"""Route enumeration for the authorization matrix (tests/security/test_authz_matrix.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ["leader", "staff1", "street", "liaison1", "liaison2", "bank", "sysadmin", "secadmin", "auditor"]


def page_routes() -> dict[str, bool]:
    """{"namespace:name": has path parameters} for every named page route (the API is listed separately)."""
    found: dict[str, bool] = {}

    def walk(patterns, namespace, has_params):
        for p in patterns:
            params = has_params or bool(p.pattern.converters)
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith("api/"):
                    continue
                walk(p.url_patterns, p.namespace or namespace, params)
            elif isinstance(p, URLPattern) and p.name:
                found[f"{namespace}:{p.name}" if namespace else p.name] = params

    walk(get_resolver().url_patterns, None, False)
    return found


def api_operations() -> dict[str, bool]:
    """{"METHOD /api/v1/path": has path parameters} for every operation of the OpenAPI document."""
    from gaoxin.api import api

    out = {}
    for path, item in api.get_openapi_schema()["paths"].items():
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                out[f"{method.upper()} {path}"] = "{" in path
    return out
