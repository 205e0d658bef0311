"""Helpers of the import/export commands."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from django.core.management.base import CommandError


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
    """A tqdm bar on stderr (never on stdout, which --json keeps for the JSON object)."""
    from tqdm import tqdm

    bar = tqdm(desc=description, unit="行", file=sys.stderr, disable=None, leave=not quiet_stdout)
    try:
        yield bar.update
    finally:
        bar.close()
