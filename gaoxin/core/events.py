"""Business event types (typed timeline entries). Apps register their own codes in ``AppConfig.ready``."""

EVENT_TYPES: dict[str, str] = {
    "object.created": "新建",
    "object.deleted": "删除",
    "object.restored": "恢复",
}


def register(types: dict[str, str]) -> None:
    """Register ``{code: 中文名称}``; a code registered twice with another label is a programming error."""
    for code, label in types.items():
        existing = EVENT_TYPES.get(code)
        if existing is not None and existing != label:
            raise ValueError(f"event type {code!r} already registered as {existing!r}")
        EVENT_TYPES[code] = label
