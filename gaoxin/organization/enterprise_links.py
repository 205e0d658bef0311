"""The hook through which organization links an enterprise user (企业用户) to its enterprise.

The enterprise and its accounts belong to registry, which builds on organization; registry registers
the lookup and the link here at start-up (``registry.apps.ready``), so the people import and 人员管理
reach them without organization importing registry (no import cycle between the two apps)."""

from __future__ import annotations

_HOOKS: dict = {}


def register(*, by_uscc, link) -> None:
    """``by_uscc(usccs) -> {uscc: enterprise}``; ``link(user, enterprise or None, actor)`` (an action)."""
    _HOOKS.update(by_uscc=by_uscc, link=link)


def enterprises_by_uscc(usccs) -> dict:
    return _HOOKS["by_uscc"](usccs)


def link_enterprise(user, enterprise, actor) -> None:
    """Link an enterprise user to the one enterprise they act for (None removes the link)."""
    _HOOKS["link"](user, enterprise, actor)
