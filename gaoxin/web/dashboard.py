"""The dashboard is a collection of cards that apps contribute; each card is scoped to the viewer."""

from __future__ import annotations

from collections.abc import Callable

CARD_PROVIDERS: list[Callable] = []


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
