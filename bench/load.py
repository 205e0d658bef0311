"""Load test of the server: the enterprise list page and the list API at 20 connections, 1 and N workers.

    .venv/bin/python bench/load.py              # 2,000-enterprise demo zone, 30 s per run
    .venv/bin/python bench/load.py --quick      # 200 enterprises, 3 s per run (CI)
    .venv/bin/python bench/load.py --postgres   # the zone in a scratch PostgreSQL database

Loopback only: the server (``gaoxin serve --workers W``) listens on 127.0.0.1 and the load comes from
threads of this process, each with its own keep-alive connection and a logged-in session (the leader's,
who sees the whole zone). Every response must be 200. Prints, per worker count and target: requests/s,
p50 / p95 / p99 latency in ms, errors. The load generator shares the machine's cores with the server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

TARGETS = {"list page": "/enterprises/", "list API": "/api/v1/registry/enterprises?limit=50"}
SEED = """
import datetime as dt, random
from django.db import transaction
from gaoxin.demo.builders import DemoContext
from gaoxin.demo.organization import build
from gaoxin.registry.demo import populate
from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS
rng = random.Random(2026)
ctx = DemoContext(seed=2026, enterprises=0, rng=rng, today=dt.date(2026, 6, 30), progress=lambda m: None)
with transaction.atomic():
    build(ctx)
    units = [u for u in ctx.units.values() if u.kind in ENTERPRISE_UNIT_KINDS]
    populate(rng, {count}, units, ctx.people["liaison"], ctx.today, log=False)
"""
SESSION = (
    "from django.test import Client; from gaoxin.organization.models import User;"
    " c = Client(); c.force_login(User.objects.get(username='leader')); print(c.cookies['sessionid'].value)"
)


def gaoxin(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gaoxin.cli", *args], env=env, cwd=common.ROOT,
                          capture_output=True, text=True, check=True, **kwargs)  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, workers: int, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gaoxin.cli", "serve", "--addr", f"127.0.0.1:{port}", "--workers",
         str(workers), "--no-demo", "--no-task-worker"],
        env=env, cwd=common.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def hammer(port: int, path: str, cookie: str, seconds: float, connections: int) -> dict:
    """``connections`` threads, each GETting ``path`` in a loop for ``seconds``; latencies and errors."""
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    stop_at = time.monotonic() + seconds

    def loop(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"sessionid={cookie}", "Connection": "keep-alive"}
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            latencies[i].append(time.perf_counter() - start)
            errors[i] += not ok
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    every = sorted(x for lane in latencies for x in lane)
    q = statistics.quantiles(every, n=100) if len(every) > 1 else every * 99
    return {"rps": len(every) / elapsed, "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000,
            "errors": sum(errors), "requests": len(every)}  # fmt: skip


def measure(database_url: str, var_dir: str, args) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "GAOXIN_VAR_DIR": var_dir,
        "PYTHONPATH": str(common.ROOT),
    }
    started = time.perf_counter()
    gaoxin(env, "migrate", "-v0")
    gaoxin(env, "shell", "-c", SEED.format(count=args.enterprises))
    cookie = gaoxin(env, "shell", "-c", SESSION).stdout.strip().splitlines()[-1]
    print(f"zone: demo organisation, {args.enterprises} enterprises with their years ({time.perf_counter() - started:.0f} s to build); "
          f"{args.connections} connections, {args.seconds:g} s per run, {os.cpu_count()} cores")  # fmt: skip
    print(
        f"{'workers':>7} {'target':<10} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
    )
    for workers in sorted({1, args.workers}):
        port = free_port()
        server = start_server(env, workers, port)
        try:
            for label, path in TARGETS.items():
                hammer(port, path, cookie, 0.5, args.connections)  # warm every process and connection
                r = hammer(port, path, cookie, args.seconds, args.connections)
                print(f"{workers:>7} {label:<10} {r['rps']:>7.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} "
                      f"{r['p99']:>7.0f} {r['errors']:>6}", flush=True)  # fmt: skip
        finally:
            stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--postgres", action="store_true", help="scratch PostgreSQL instead of SQLite")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--enterprises", type=int, default=None)
    args = parser.parse_args()
    args.seconds = args.seconds or (3.0 if args.quick else 30.0)
    args.enterprises = args.enterprises or (200 if args.quick else 2000)
    kind = "postgres" if args.postgres and common.postgres_available() else "sqlite"
    with common.scratch_database(kind, "gaoxin_bench_load") as (url, var_dir):
        print(f"database: {kind}")
        measure(url, var_dir, args)


if __name__ == "__main__":
    main()
