"""The ``gaoxin`` console script: every Django management command, plus Gaoxin's own
(``serve``, ``demo``, ``import``, ``export``, ``assess``, ``points``, ``whitelist``, ``projects``, ``report``)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoxin.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "gaoxin"
    if len(args) == 1:
        args.append("help")
    from django.core.management import execute_from_command_line

    from gaoxin.organization.zones import ZoneMissing

    try:
        execute_from_command_line(args)
    except ZoneMissing as exc:  # an empty database: say what to do, not a traceback
        sys.stderr.write(f"{exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
