"""Load test of the server: the enterprise list page and the list API at 20 connections, 1 and N workers.

    .venv/bin/python bench/load.py              # 2,000-enterprise demo zone, 30 s per run
    .venv/bin/python bench/load.py --repeat 3   # three rounds, 1 and N workers interleaved; medians printed
    .venv/bin/python bench/load.py --quick      # 200 enterprises, 3 s per run (CI)
    .venv/bin/python bench/load.py --postgres   # the zone in a scratch PostgreSQL database

Loopback only: the server (``gaoxin serve --workers W``) listens on 127.0.0.1; the load comes from one
thread of this process driving ``--connections`` keep-alive connections through a selector (no thread per
connection, so the generator costs little CPU and no GIL contention), each with the leader's session (he
sees the whole zone). Every response must be 200; a refused, reset or timed-out request is an error. Every
run is bounded by ``--seconds``. Prints, per round, worker count and target: requests/s, p50 / p95 / p99
latency in ms, errors, and the CPU milliseconds per request of the server's processes and of this
generator (read from /proc; a figure that moves less with the machine's other load than req/s does).
With ``--repeat`` > 1 the medians of the rounds follow. The generator shares the machine's cores with the
server.
"""

from __future__ import annotations

import argparse
import os
import resource
import selectors
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

TARGETS = {"list page": "/enterprises/", "list API": "/api/v1/registry/enterprises?limit=50"}
GOALS = {"list page": (46.0, 300.0), "list API": (110.0, 150.0)}  # single-process req/s before, p95 limit
SPEEDUP = 1.7
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
TICKS = os.sysconf("SC_CLK_TCK")


def gaoxin(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gaoxin.cli", *args], env=env, cwd=common.ROOT,
                          capture_output=True, text=True, check=True, **kwargs)  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, workers: int, port: int, server_args: list[str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gaoxin.cli", "serve", "--addr", f"127.0.0.1:{port}", "--workers",
         str(workers), "--no-demo", "--no-task-worker", *server_args],
        env=env, cwd=common.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited with {server.returncode}")
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


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU of ``root`` and every process below it (the server's master and workers)."""
    parents, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / TICKS
    total = 0.0
    for pid, seconds in cpu.items():
        p = pid
        while p > 1 and p != root:
            p = parents.get(p, 1)
        total += seconds if p == root else 0.0
    return total


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Lane:
    """One keep-alive connection: sends the request, reads one response, records its latency."""

    def __init__(self, port: int, request: bytes):
        self.port, self.request = port, request
        self.sock: socket.socket | None = None

    def open(self, selector) -> None:
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)
        selector.register(self.sock, selectors.EVENT_READ, self)

    def close(self, selector) -> None:
        if self.sock is not None:
            selector.unregister(self.sock)
            self.sock.close()
            self.sock = None

    def send(self) -> None:
        self.buffer, self.length, self.started = b"", None, time.perf_counter()
        self.sock.setblocking(True)
        self.sock.sendall(self.request)
        self.sock.setblocking(False)

    def feed(self, data: bytes) -> int | None:
        """The status once the whole response is in, else None."""
        self.buffer += data
        if self.length is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return None
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            self.status = int(head[0].split()[1])
            headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:])}
            self.chunked = headers.get("transfer-encoding", "").lower() == "chunked"
            self.length = end + 4 + int(headers.get("content-length", 0))
        if self.chunked:
            return self.status if self.buffer.endswith(b"0\r\n\r\n") else None
        return self.status if len(self.buffer) >= self.length else None


def hammer(port: int, path: str, cookie: str, seconds: float, connections: int) -> dict:
    """``connections`` keep-alive connections GETting ``path`` back to back for ``seconds``."""
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: sessionid={cookie}\r\n"
               "Connection: keep-alive\r\n\r\n").encode()  # fmt: skip
    selector = selectors.DefaultSelector()
    lanes = [Lane(port, request) for _ in range(connections)]
    latencies: list[float] = []
    errors = 0
    cpu_server, cpu_self, started = tree_cpu_seconds(SERVER_PID[0]), own_cpu_seconds(), time.monotonic()
    stop_at = started + seconds
    for lane in lanes:
        lane.open(selector)
        lane.send()
    busy = connections
    while busy:
        now = time.monotonic()
        for key, _ in selector.select(timeout=1.0):
            lane = key.data
            try:
                data = lane.sock.recv(1 << 18)
                status = lane.feed(data) if data else -1
            except OSError:
                status = -1
            if status is None:
                continue
            latencies.append(time.perf_counter() - lane.started)
            errors += status != 200
            if status == -1:
                lane.close(selector)
            if time.monotonic() >= stop_at:
                lane.close(selector)
                busy -= 1
                continue
            try:
                if lane.sock is None:
                    lane.open(selector)
                lane.send()
            except OSError:
                errors += 1
                lane.close(selector)
                busy -= 1
        for lane in lanes:  # a response that takes longer than 30 s is an error and ends its lane
            if lane.sock is not None and now - lane.started > 30:
                errors += 1
                lane.close(selector)
                busy -= 1
    elapsed = time.monotonic() - started
    cpu_server = tree_cpu_seconds(SERVER_PID[0]) - cpu_server
    cpu_self = own_cpu_seconds() - cpu_self
    every = sorted(latencies)
    q = statistics.quantiles(every, n=100) if len(every) > 1 else every * 99
    n = max(1, len(every))
    return {"rps": len(every) / elapsed, "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000,
            "errors": errors, "requests": len(every), "server_ms": cpu_server / n * 1000,
            "client_ms": cpu_self / n * 1000}  # fmt: skip


SERVER_PID = [0]
COLUMNS = ("rps", "p50", "p95", "p99", "errors", "server_ms", "client_ms")


def row(label: str, workers: int, target: str, r: dict) -> str:
    return (f"{label:>6} {workers:>7} {target:<10} {r['rps']:>7.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} "
            f"{r['p99']:>7.0f} {r['errors']:>6} {r['server_ms']:>9.1f} {r['client_ms']:>9.1f}")  # fmt: skip


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
          f"{args.connections} connections, {args.seconds:g} s per run, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'round':>6} {'workers':>7} {'target':<10} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6} {'server ms':>9} {'client ms':>9}  (CPU ms per request)")  # fmt: skip
    results: dict[tuple[int, str], list[dict]] = {}
    worker_counts = sorted({1, args.workers})
    for round_ in range(1, args.repeat + 1):
        for workers in worker_counts if round_ % 2 else reversed(worker_counts):
            port = free_port()
            server = start_server(env, workers, port, args.server_args)
            SERVER_PID[0] = server.pid
            try:
                for target, path in TARGETS.items():
                    hammer(port, path, cookie, min(2.0, args.seconds), args.connections)  # warm every process
                    r = hammer(port, path, cookie, args.seconds, args.connections)
                    results.setdefault((workers, target), []).append(r)
                    print(row(str(round_), workers, target, r), flush=True)
            finally:
                stop_server(server)
    medians = {
        key: {c: statistics.median(r[c] for r in runs) for c in COLUMNS} for key, runs in results.items()
    }
    if args.repeat > 1:
        for (workers, target), m in sorted(medians.items()):
            print(row("median", workers, target, m))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    top = max(worker_counts)
    for target, (before, p95_limit) in GOALS.items():
        one, many = medians[(1, target)], medians[(top, target)]
        print(f"{target}: {top} workers {many['rps']:.1f} req/s = {many['rps'] / one['rps']:.2f}× this run's 1 worker, "
              f"{many['rps'] / before:.2f}× the single-process figure before ({before:g} req/s; goal ≥ {SPEEDUP}×); "
              f"p95 {many['p95']:.0f} ms (goal ≤ {p95_limit:g}); errors {many['errors']:.0f}")  # fmt: skip
    if any(m["errors"] for m in medians.values()):
        raise SystemExit("errors under load")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--postgres", action="store_true", help="scratch PostgreSQL instead of SQLite")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--enterprises", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; medians printed when > 1")
    parser.add_argument("--server-arg", dest="server_args", action="append", default=[],
                        help="passed on to `gaoxin serve` (e.g. --server-arg=--threads=4)")  # fmt: skip
    args = parser.parse_args()
    args.seconds = args.seconds or (3.0 if args.quick else 30.0)
    args.enterprises = args.enterprises or (200 if args.quick else 2000)
    kind = "postgres" if args.postgres and common.postgres_available() else "sqlite"
    with common.scratch_database(kind, "gaoxin_bench_load") as (url, var_dir):
        print(f"database: {kind}")
        measure(url, var_dir, args)


if __name__ == "__main__":
    main()
