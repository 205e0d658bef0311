"""The import cap (issue 14 item 5): peak memory of the largest accepted import against the cap, and how
fast a file one row over the cap is refused. Called from bench/security.py (``imports`` hook) inside its
Django worker with the demo organisation seeded; also runnable alone:

    .venv/bin/python bench/security_imports.py [--rows N]   # N = the cap to test (default: the zone's, 200,000)
    .venv/bin/python bench/security_imports.py --quick      # cap 5,000 rows (CI smoke run)
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _csv(rows: int) -> bytes:
    head = "统一社会信用代码,企业名称,成立日期,注册资本（万元）\n"
    body = "".join(f"91420100MA4K{n:06d},高新企业{n}有限公司,2020-01-01,100\n" for n in range(rows))
    return (head + body).encode()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(rows: int | None = None) -> dict:
    """Dry-run the largest accepted file (``rows`` = the cap) and one over it; print and return the figures."""
    from gaoxin.core.context import Actor
    from gaoxin.core.limits import zone_limit
    from gaoxin.organization.models import User
    from gaoxin.transfer.importer import run_import
    from gaoxin.transfer.kinds import get_kind

    leader = User.objects.get(username="leader")
    zone = leader.zone
    if rows:
        zone.settings = {**zone.settings, "import_max_rows": rows}
        zone.save(update_fields=["settings"])
    cap = zone_limit(zone, "import_max_rows")
    actor, kind = Actor(user=leader, ip="127.0.0.1", source="cli"), get_kind("enterprises")
    data = _csv(cap)
    before, started = _peak_mb(), time.perf_counter()
    accepted = run_import(kind, data, "cap.csv", actor, dry_run=True)
    seconds, peak = time.perf_counter() - started, _peak_mb()
    started = time.perf_counter()
    refused = run_import(
        kind, data + "91420100MA4Z999999,多一行,2020-01-01,1\n".encode(), "over.csv", actor, dry_run=True
    )
    refused_ms = (time.perf_counter() - started) * 1000
    over_cap = any("超过单次导入上限" in e.message for e in refused.errors)
    figures = {"cap": cap, "file_mb": len(data) / 1e6, "rows_read": accepted.rows, "seconds": seconds,
               "peak_rss_mb": peak, "rss_before_mb": before, "refused_over_cap": over_cap,
               "refused_ms": refused_ms}  # fmt: skip
    print(f"  import cap {cap:,} rows: the largest accepted file ({len(data) / 1e6:.1f} MB csv, {accepted.rows:,} rows "
          f"read, dry run) took {seconds:.1f} s, peak RSS {peak:.0f} MB (before {before:.0f} MB); one row over the "
          f"cap refused before parsing in {refused_ms:.0f} ms ({'OK' if over_cap else 'FAIL'})")  # fmt: skip
    return figures


if __name__ == "__main__":
    import argparse

    from bench import common

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--quick", action="store_true", help="smoke run: a cap of 5,000 rows")
    args = parser.parse_args()
    args.rows = args.rows or (5_000 if args.quick else None)
    common.setup_django()
    common.migrate()
    from gaoxin.organization.models import User

    if not User.objects.filter(username="leader").exists():
        import datetime as dt
        import random

        from gaoxin.demo.builders import DemoContext
        from gaoxin.demo.organization import build

        build(DemoContext(seed=1, enterprises=0, rng=random.Random(1), today=dt.date(2026, 11, 20),
                          progress=lambda m: None))  # fmt: skip
    sys.exit(0 if report(args.rows)["refused_over_cap"] else 1)
