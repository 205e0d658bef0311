"""Reading values from a page's query string: a bad value is a 400 page naming the field in Chinese,
never a 500 (``BadRequest`` is answered by ``gaoxin.web.errors.bad_request``)."""

from __future__ import annotations

from django.core.exceptions import BadRequest

YEAR_RANGE = (1990, 2100)


def query_int(request, name: str, label: str, default=None, low=None, high=None):
    """The integer ``name`` of the query string (``default`` when absent or empty)."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"查询参数“{label}”的值“{raw[:20]}”不是整数") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise BadRequest(f"查询参数“{label}”的值 {raw[:20]} 超出范围（{low}–{high}）")
    return value


def query_year(request, default=None, name: str = "year"):
    """A four-digit year (年度) of the query string, e.g. ``?year=2026`` (``2026年`` is refused)."""
    return query_int(request, name, "年度", default, *YEAR_RANGE)
