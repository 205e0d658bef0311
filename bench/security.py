"""Security benchmark: parallel guessing against the login lockout (issue 14 item 1).

    .venv/bin/python bench/security.py            # 40 parallel wrong guesses; 29 wrong + the right one
    .venv/bin/python bench/security.py --quick    # the same (it is quick), for CI

Prints how many passwords were checked before the account locked (guesses alone: ≤ the threshold) and
whether the right password inside a guessing burst logged in. Threads share nothing but the database, as
parallel requests do; each password check is slowed to ``--hash-ms`` so the burst overlaps the way it
does with a real PBKDF2 hash. SQLite and, when available, PostgreSQL (scratch databases).

The peak memory of the largest accepted import against the cap (issue 14 item 5) is the ``imports``
hook below, filled in by the import-cap work (branch secb).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

RIGHT = "Gaoxin@2026"


def seed() -> None:
    import datetime as dt
    import random

    from django.db import transaction

    from gaoxin.demo.builders import DemoContext
    from gaoxin.demo.organization import build

    common.migrate()
    ctx = DemoContext(seed=1, enterprises=0, rng=random.Random(1), today=dt.date(2026, 11, 20),
                      progress=lambda m: None)  # fmt: skip
    with transaction.atomic():
        build(ctx)


def burst(passwords: list[str], hash_ms: int) -> dict:
    from django.conf import settings
    from django.db import connection

    from gaoxin.organization.models import User
    from gaoxin.organization.security import check_credentials

    User.objects.filter(username="staff1").update(
        failed_login_count=0, locked_until=None, login_attempts_in_flight=0
    )
    checked, lock = [], threading.Lock()
    real = User.check_password

    def slow_check(self, raw):
        with lock:
            checked.append(raw)
        time.sleep(hash_ms / 1000)
        return real(self, raw)

    def attempt(password):
        try:
            return check_credentials(None, "staff1", password) is not None
        finally:
            connection.close()

    User.check_password = slow_check
    try:
        with ThreadPoolExecutor(len(passwords)) as pool:
            logged_in = list(pool.map(attempt, passwords))
    finally:
        User.check_password = real
    user = User.objects.get(username="staff1")
    wrong = [raw for raw in checked if raw != RIGHT]
    # Guesses checked after the owner's password: the run that a forgiving success starts afresh.
    after = checked[checked.index(RIGHT) + 1 :] if RIGHT in checked else wrong
    return {"wrong_checked": len(wrong), "wrong_after_owner": len(after),
            "threshold": settings.LOCKOUT_THRESHOLD, "locked": user.is_locked,
            "right_logged_in": any(logged_in), "count": user.failed_login_count}  # fmt: skip


def imports(args) -> None:
    """Hook for the import-cap figure (peak memory of the largest accepted import vs the cap): secb."""
    print("  import cap: see bench/security_imports.py (peak memory of the largest accepted import)")


def measure(args) -> None:
    label = common.database_label()
    status = 0
    for title, passwords in (
        ("40 parallel wrong guesses", [f"wrong{i}" for i in range(40)]),
        ("29 wrong guesses + the right password", [RIGHT] + [f"wrong{i}" for i in range(29)]),
    ):
        result = burst(passwords, args.hash_ms)
        threshold = result["threshold"]
        # The owner's success may forgive failures settled while nothing else was in flight (连续失败
        # counts consecutive failures); what it must never do is forgive a count that reached the
        # threshold, so at most threshold − 1 guesses before it and threshold after it get checked.
        owner = RIGHT in passwords
        ok = result["locked"] and (
            result["wrong_checked"] <= 2 * threshold - 1 and result["wrong_after_owner"] <= threshold
            if owner
            else result["wrong_checked"] <= threshold
        )
        status = status or (0 if ok else 1)
        after = f", {result['wrong_after_owner']} after the owner's" if owner else ""
        print(f"  [{label}] {title}: {result['wrong_checked']} wrong passwords checked{after} "
              f"(threshold {threshold}; {'OK' if ok else 'FAIL'}), locked={result['locked']}, "
              f"right password logged in={result['right_logged_in']}")  # fmt: skip
    imports(args)
    sys.exit(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run (the same burst)")
    parser.add_argument("--hash-ms", type=int, default=50, help="time each password check takes")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--step", choices=["seed", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        common.setup_django()
        seed() if args.step == "seed" else measure(args)
        return
    kinds = ["sqlite"] + (["postgres"] if common.postgres_available() else [])
    status = 0
    for kind in kinds:
        print(f"== {kind}: login lockout under parallel guesses")
        with common.scratch_database(kind, "gaoxin_bench_security") as (url, var):
            for step in ("seed", "measure"):
                extra = ["--hash-ms", str(args.hash_ms)]
                status = status or common.run_worker(__file__, url, var, ["--step", step, *extra])
    sys.exit(status)


if __name__ == "__main__":
    main()
