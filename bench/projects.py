"""Key projects benchmark: dashboard and monthly bulletin compute time, board page and list API p95.

    .venv/bin/python bench/projects.py            # 5,000 projects, two years of weekly reports, 20,000 problems
    .venv/bin/python bench/projects.py --quick    # small smoke run (CI)

Targets: dashboard ≤ 300 ms, bulletin ≤ 5 s. Each database runs in a scratch database (PostgreSQL:
``gaoxin_bench_projects``, created and dropped here) in its own worker process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

TODAY = dt.date(2026, 11, 20)
SAMPLES = {"quick": 5, "full": 30}


def seed(args) -> None:
    from django.db import transaction

    from gaoxin.demo.builders import DemoContext
    from gaoxin.demo.organization import build as build_org
    from gaoxin.organization.models import Unit
    from gaoxin.projects.synthetic import populate

    common.migrate()
    rng = random.Random(2026)
    ctx = DemoContext(seed=2026, enterprises=0, rng=rng, today=TODAY, progress=lambda m: None)
    with transaction.atomic():
        build_org(ctx)
    units = list(Unit.objects.filter(zone=ctx.zone, level=2).exclude(name="政务服务中心"))
    leaders, liaisons = ctx.people["leader"], ctx.people["liaison"]
    started = time.perf_counter()
    for start in range(0, args.projects, 1000):
        with transaction.atomic():
            count = min(1000, args.projects - start)
            populate(rng, count, ctx.zone, units, leaders, liaisons, TODAY, weeks=104, start=start + 1)
    with transaction.atomic():
        problems(rng, ctx, args.problems)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load, as autovacuum would
    print(f"  seeded {args.projects:,} projects, {report_count():,} reports, {args.problems:,} problems "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip


def report_count() -> int:
    from gaoxin.projects.models import DispatchReport

    return DispatchReport.objects.count()


def problems(rng, ctx, count: int) -> None:
    """Problems in every state, written in bulk (the demo walks them through the real actions)."""
    from gaoxin.problems.deadlines import compute_deadline
    from gaoxin.problems.models import Problem
    from gaoxin.projects.models import Project

    projects = list(Project.objects.filter(zone=ctx.zone).values_list("pk", "department_id"))
    states = ["pending", "in_progress", "resolved", "closed", "closed", "returned"]
    rows = []
    for i in range(count):
        pk, unit = rng.choice(projects)
        raised = TODAY - dt.timedelta(days=rng.randint(0, 700))
        severity = rng.choice(["一般", "一般", "重大", "紧急"])
        state = rng.choice(states)
        deadline = compute_deadline(raised, severity, ctx.zone)
        solved = (
            min(TODAY, raised + dt.timedelta(days=rng.randint(1, 40)))
            if state in ("resolved", "closed")
            else None
        )
        rows.append(
            Problem(
                zone=ctx.zone, code=f"WT-B{i:06d}", description="施工用电未接入", project_id=pk, category="用电",
                severity=severity, source="liaison", raised_on=raised, deadline=deadline, state=state,
                lead_department_id=unit, resolved_on=solved, closed_on=solved if state == "closed" else None,
                rating=rng.randint(2, 5) if state == "closed" else None,
            )
        )  # fmt: skip
    Problem.objects.bulk_create(rows, batch_size=2000)


def measure(args) -> None:
    from django.conf import settings
    from django.test import Client

    from gaoxin.organization.models import User, Zone
    from gaoxin.reports import bulletin, render

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    zone = Zone.objects.get()
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    client.get("/projects/dashboard/")  # warm up
    results: dict = {}
    with common.timer("dashboard", results):
        assert client.get("/projects/dashboard/").status_code == 200
    month = f"{(TODAY.replace(day=1) - dt.timedelta(days=1)):%Y-%m}"
    with common.timer("bulletin_data", results):
        data = bulletin.monthly(zone, month)
    with common.timer("bulletin_pdf", results):
        pdf = render.pdf_bytes(data)
    assert pdf[:4] == b"%PDF"
    n = SAMPLES["quick" if args.quick else "full"]
    board = _samples(client, "/projects/board/", n)
    api = _samples(client, "/api/v1/projects/?limit=50", n)
    bulletin_total = results["bulletin_data"] + results["bulletin_pdf"]
    label = common.database_label()
    print(f"  [{label}] dashboard page {results['dashboard'] * 1000:.0f} ms (target ≤ 300 ms)")
    print(f"  [{label}] monthly bulletin {bulletin_total:.2f} s (figures {results['bulletin_data']:.2f} s + "
          f"PDF {results['bulletin_pdf']:.2f} s; target ≤ 5 s)")  # fmt: skip
    print(f"  [{label}] board page p50 {board[0]:.0f} ms, p95 {board[1]:.0f} ms ({n} requests)")
    print(f"  [{label}] list API  p50 {api[0]:.0f} ms, p95 {api[1]:.0f} ms ({n} requests)")
    print(f"  [{label}] peak RSS {common.peak_rss_mb():.0f} MB")


def _samples(client, url: str, n: int) -> tuple[float, float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - start)
    return common.percentiles(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--step", choices=["seed", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--projects", type=int)
    parser.add_argument("--problems", type=int)
    args = parser.parse_args()
    args.projects = args.projects or (200 if args.quick else 5000)
    args.problems = args.problems or (800 if args.quick else 20000)
    if args.worker:
        common.setup_django()
        (seed if args.step == "seed" else measure)(args)
        return
    kinds = ["sqlite"] + (["postgres"] if common.postgres_available() else [])
    status = 0
    for kind in kinds:
        print(f"== {kind}: {args.projects:,} projects, {args.problems:,} problems")
        with common.scratch_database(kind, "gaoxin_bench_projects") as (url, var):
            extra = ["--projects", str(args.projects), "--problems", str(args.problems)] + (
                ["--quick"] if args.quick else []
            )
            for step in ("seed", "measure"):
                status = status or common.run_worker(__file__, url, var, ["--step", step, *extra])
    sys.exit(status)


if __name__ == "__main__":
    main()
