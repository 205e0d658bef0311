"""The demo zone is built by steps that apps contribute (organisation first, then registry, projects …).

Each step is ``build(ctx)``; steps run in priority order inside one transaction per step. The demo is
deterministic: every random choice comes from ``ctx.rng`` seeded by ``--seed``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

STEPS: list[tuple[int, str, Callable]] = []


def register(priority: int, name: str, build: Callable) -> None:
    if any(n == name for _, n, _ in STEPS):
        return
    STEPS.append((priority, name, build))
    STEPS.sort(key=lambda s: s[0])


@dataclass
class DemoContext:
    seed: int
    enterprises: int
    rng: random.Random
    today: object
    progress: Callable[[str], None] = print
    zone: object = None
    units: dict = field(default_factory=dict)  # name -> Unit
    people: dict = field(default_factory=dict)  # role -> [User]
    logins: list = field(default_factory=list)  # (role label, username, note)
    data: dict = field(default_factory=dict)  # anything later steps need from earlier ones

    def person(self, role: str, i: int = 0):
        group = self.people.get(role, [])
        return group[i % len(group)] if group else None
