"""Helpers of the import/export commands."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from django.core.management.base import CommandError


def kind_named(name: str):
    """The import/export kind called ``name``, or the command's error listing the known ones."""
    from gaoxin.transfer.kinds import get_kind

    try:
        return get_kind(name)
    except LookupError as exc:
        raise CommandError(str(exc)) from exc


def resolve_user(username: str | None):
    if not username:
        return None
    from gaoxin.organization.models import User

    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"账号不存在：{username}")


@contextmanager
def progress_bar(description: str, quiet_stdout: bool):
    """A tqdm bar on stderr (never on stdout, which --json keeps for the JSON object), restarted for each
    phase of the import (读取文件, 校验, 写入)."""
    from tqdm import tqdm

    from gaoxin.transfer.choices import JobPhase
    from gaoxin.transfer.importer import Progress

    bar = tqdm(desc=description, unit="行", file=sys.stderr, disable=None, leave=not quiet_stdout)

    class Bar(Progress):
        def phase(self, phase: str, total: int = 0) -> None:
            bar.set_description_str(f"{description}·{JobPhase(phase).label}", refresh=False)
            bar.reset(total=total or None)

        def advance(self, rows: int) -> None:
            bar.update(rows)

    try:
        yield Bar()
    finally:
        bar.close()
