"""The dashboard: cards and a to-do list (待办事项) that apps contribute, each scoped to the viewer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

CARD_PROVIDERS: list[Callable] = []
TODO_PROVIDERS: list[Callable] = []
TODO_LIMIT = 8  # per provider: the list points to the full page for the rest


@dataclass
class Todo:
    """One thing the viewer has to act on: overdue (逾期) or due soon."""

    kind: str  # 问题台账, 节点计划, 资质到期 …
    text: str
    due: dt.date
    url: str
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.due < self.today

    @property
    def when(self) -> str:
        days = (self.due - self.today).days
        if days < 0:
            return f"已逾期 {-days} 天"
        return "今日到期" if days == 0 else f"{days} 天后到期"


def register_card(provider: Callable) -> Callable:
    """Decorator: ``provider(request) -> dict | None`` with keys title, value, hint, url (optional)."""
    CARD_PROVIDERS.append(provider)
    return provider


def dashboard_cards(request) -> list[dict]:
    cards = []
    for provider in CARD_PROVIDERS:
        card = provider(request)
        if card:
            cards.append(card)
    return cards


def register_todo(provider: Callable) -> Callable:
    """Decorator: ``provider(request, today) -> (items: list[Todo], more_url | None)``."""
    TODO_PROVIDERS.append(provider)
    return provider


def dashboard_todos(request, today: dt.date) -> tuple[list[Todo], list[tuple[str, str]]]:
    """The viewer's to-dos, overdue first then by due date, and links to the full lists."""
    items, more = [], []
    for provider in TODO_PROVIDERS:
        found, url = provider(request, today)
        items += found
        if url and len(found) >= TODO_LIMIT:
            more.append((found[0].kind, url))
    return sorted(items, key=lambda t: (t.due, t.kind)), more
