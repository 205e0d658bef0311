"""Shared helpers of the benchmarks: scratch databases, Django setup in a worker process, timings.

A benchmark runs each database in its own worker process (Django reads DATABASE_URL once):
SQLite in a temporary GAOXIN_VAR_DIR, PostgreSQL in a scratch database it creates and drops.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("GAOXIN_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except Exception:
        return False


@contextmanager
def scratch_database(kind: str, name: str):
    """Yield a DATABASE_URL for a fresh database of ``kind`` (sqlite | postgres), removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="gaoxin-bench-") as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3", tmp
        return
    import psycopg

    base = POSTGRES_URL.rsplit("/", 1)[0]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="gaoxin-bench-") as tmp:
            yield f"{base}/{name}", tmp
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_worker(script: str, database_url: str, var_dir: str, args: list[str]) -> int:
    env = {**os.environ, "DATABASE_URL": database_url, "GAOXIN_VAR_DIR": var_dir}
    env.setdefault("DJANGO_SETTINGS_MODULE", "gaoxin.settings")
    return subprocess.call([sys.executable, script, "--worker", *args], env=env, cwd=ROOT)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoxin.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # bench users only
    settings.DEBUG = False


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@contextmanager
def timer(label: str, results: dict):
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def database_label() -> str:
    from django.db import connection

    return connection.vendor


def vacuum() -> None:
    """PostgreSQL: VACUUM ANALYZE, as autovacuum would do soon after a bulk load (index-only counts
    need the visibility map); SQLite: ANALYZE."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
