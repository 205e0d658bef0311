"""Security limits a zone may set in 园区设置 (Zone.settings), with the defaults used when it has not:
the lifetime of an API token and the row cap of an import. Everything else in this file is a fixed cap."""

from __future__ import annotations

DEFAULTS = {
    "api_token_days": 90,  # an API token expires this many days after it is created
    "import_max_rows": 200_000,  # an import file with more data rows is refused before it is parsed
}

# Fixed caps of an uploaded import file (not zone settings: they protect the server, not a policy).
IMPORT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the file as uploaded (compressed for xlsx)
IMPORT_MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # the sum of an xlsx's declared member sizes
IMPORT_MAX_COMPRESSION_RATIO = 200  # a member that inflates more than this is a zip bomb


def zone_limit(zone, key: str) -> int:
    """The zone's value for ``key`` (one of DEFAULTS), or the default when unset, malformed or no zone."""
    value = zone.setting(key, None) if zone is not None else None
    try:
        value = int(value)
    except (TypeError, ValueError):
        return DEFAULTS[key]
    return value if value > 0 else DEFAULTS[key]
