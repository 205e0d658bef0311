"""Whole-zone benchmark: each step of ``gaoxin assess --year`` at 50,000 enterprises, file mode, points
and whitelist draft, and the results pages' p95 afterwards — on SQLite and PostgreSQL in one run.

    .venv/bin/python bench/zone.py            # 50,000 enterprises (three accounting years each)
    .venv/bin/python bench/zone.py --quick    # 2,000 enterprises, SQLite only (CI, < 30 s)

Targets (issue 12): assessment end to end ≤ 5 s on PostgreSQL, ≤ 8 s on SQLite; file mode ≤ 4 s; points
and whitelist draft ≤ 3 s. Each database runs in a scratch database and a worker process: it migrates,
seeds the demo organisation and the enterprises (registry.demo.populate, seeded), then times the steps
(the median of ``--repeat`` runs of each) and GETs each page ``--samples`` times as the leader.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

YEAR = 2026


def seed(count: int) -> None:
    import datetime as dt

    from django.db import transaction

    from gaoxin.demo.builders import DemoContext
    from gaoxin.demo.organization import build
    from gaoxin.registry.demo import populate
    from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS

    rng = random.Random(2026)
    ctx = DemoContext(seed=2026, enterprises=0, rng=rng, today=dt.date(YEAR, 6, 30), progress=lambda m: None)
    with transaction.atomic():
        build(ctx)
    units = [u for u in ctx.units.values() if u.kind in ENTERPRISE_UNIT_KINDS]
    for start in range(0, count, 10_000):
        with transaction.atomic():
            populate(rng, min(10_000, count - start), units, ctx.people["liaison"], ctx.today, start=start,
                     log=False)  # fmt: skip
    common.vacuum()


def timed(function, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def assessment_steps(repeat: int, leader) -> dict:
    from gaoxin.assessment.actions import run_assessment
    from gaoxin.assessment.frames import build_frames
    from gaoxin.assessment.runner import prepare
    from gaoxin.assessment.store import store_results
    from gaoxin.core.context import Actor
    from gaoxin.engine import evaluate

    out = {}
    out["read (build_frames)"], frames = timed(lambda: build_frames(YEAR), repeat)
    out["evaluate (engine)"], result = timed(lambda: evaluate(frames.years, frames.enterprises, YEAR), repeat)
    out["prepare (distances, ids)"], (verdicts, criteria) = timed(
        lambda: prepare(result, frames.enterprises), repeat
    )
    run = run_assessment(YEAR, Actor(user=leader))  # a run row to store under
    out["store (verdicts + details)"], _ = timed(
        lambda: store_results(YEAR, verdicts, criteria, run.pk), repeat
    )
    out["assessment end to end"], run = timed(lambda: run_assessment(YEAR, Actor(user=leader)), repeat)
    out["  (verdicts, criteria)"] = f"{run.verdict_count:,}, {run.criterion_count:,}"
    return out


def file_mode(repeat: int) -> dict:
    from gaoxin.assessment.filemode import assess_file, write_table
    from gaoxin.transfer.exporting import export_bytes
    from gaoxin.transfer.kinds import get_kind

    data, rows = export_bytes(get_kind("enterprise-years"), None, "csv")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "zone.csv", Path(tmp) / "out.csv"
        source.write_bytes(data)

        def run():
            assessment = assess_file(source, YEAR)
            write_table(assessment.results, target)

        seconds, _ = timed(run, repeat)
    return {f"file mode csv → csv ({rows:,} rows)": seconds}


def points(repeat: int, leader) -> dict:
    from gaoxin.core.context import Actor
    from gaoxin.points import whitelist
    from gaoxin.points.actions import run_points

    out = {}
    out["points (run_points)"], _ = timed(lambda: run_points(YEAR, Actor(user=leader)), repeat)
    rule = whitelist.rules(leader)
    out["whitelist draft (candidates)"], _ = timed(lambda: whitelist.candidates(YEAR, rule), repeat)
    return out


def pages(samples: int, leader) -> dict:
    from django.test import Client

    from gaoxin.assessment.models import Verdict

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(leader)
    enterprise = Verdict.objects.filter(year=YEAR, verdict="不符合").values_list("enterprise_id", flat=True)[
        0
    ]
    urls = {
        "verdict list": f"/assessment/?year={YEAR}",
        "verdict list, filtered": f"/assessment/?year={YEAR}&rule=hte&verdict=不符合",
        "ladder": "/assessment/ladder/",
        "explanation": f"/assessment/enterprise/{enterprise}/?year={YEAR}",
    }
    out = {}
    for label, url in urls.items():
        latencies = []
        for _ in range(samples):
            start = time.perf_counter()
            response = client.get(url)
            latencies.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        p50, p95 = common.percentiles(latencies)
        out[f"page {label} p50 / p95 ms"] = f"{p50:.0f} / {p95:.0f}"
    return out


def worker(args) -> None:
    common.setup_django()
    common.migrate()
    start = time.perf_counter()
    from gaoxin.organization.models import User
    from gaoxin.registry.models import Enterprise

    if not (args.reuse and Enterprise.objects.exists()):  # --database-url: seeded once, reused after
        seed(args.enterprises)
    args.enterprises = Enterprise.objects.count()

    leader = User.objects.get(username="leader")
    print(f"[{common.database_label()}] {args.enterprises:,} enterprises seeded in "
          f"{time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip
    results = {}
    for part in (
        ("assessment", lambda: assessment_steps(args.repeat, leader)),
        ("file", lambda: file_mode(args.repeat)),
        ("points", lambda: points(args.repeat, leader)),
        ("pages", lambda: pages(args.samples, leader)),
    ):
        name, part = part
        if args.parts and name not in args.parts.split(","):
            continue
        try:
            results |= part()
        except Exception as exc:  # one broken part should not hide the others' figures
            results[f"ERROR {type(exc).__name__}"] = str(exc)[:200]
    for label, value in results.items():
        shown = f"{value:8.2f} s" if isinstance(value, float) else value
        print(f"[{common.database_label()}] {label:<36} {shown}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--enterprises", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--samples", type=int, default=None)
    parser.add_argument("--databases", default=None, help="default: sqlite,postgres (--quick: sqlite)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="reuse this database (seeded on first use) instead of a scratch one",
    )
    parser.add_argument("--parts", default=None, help="comma list of assessment,file,points,pages")
    parser.add_argument("--reuse", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.enterprises = args.enterprises or (2_000 if args.quick else 50_000)
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.samples = args.samples or (5 if args.quick else 20)
    args.databases = args.databases or ("sqlite" if args.quick else "sqlite,postgres")
    if args.worker:
        worker(args)
        return
    forwarded = ["--enterprises", str(args.enterprises), "--repeat", str(args.repeat),
                 "--samples", str(args.samples)]  # fmt: skip
    if args.parts:
        forwarded += ["--parts", args.parts]
    if args.database_url:  # e.g. sqlite:////tmp/zone50k/zone.sqlite3 or postgres://…/zone50k
        var_dir = tempfile.mkdtemp(prefix="gaoxin-bench-")
        common.run_worker(__file__, args.database_url, var_dir, [*forwarded, "--reuse"])
        return
    for kind in args.databases.split(","):
        if kind == "postgres" and not common.postgres_available():
            print("[postgresql] not reachable, skipped")
            continue
        with common.scratch_database(kind, "gaoxin_bench_zone") as (url, var_dir):
            common.run_worker(__file__, url, var_dir, forwarded)


if __name__ == "__main__":
    main()
