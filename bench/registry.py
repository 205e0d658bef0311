"""Registry benchmark: import throughput of enterprise-year rows, and list page / list API latency.

    .venv/bin/python bench/registry.py            # 100,000 enterprises and rows, SQLite and PostgreSQL
    .venv/bin/python bench/registry.py --quick    # small smoke run (CI), SQLite (and PostgreSQL if up)

Targets: import ≥ 5,000 rows/s; list page and list API p95 ≤ 100 ms. Each database runs in a scratch
database (PostgreSQL: ``gaoxin_bench``, created and dropped here) and two worker processes: ``seed``
builds the zone, the enterprises and the import file; ``measure`` imports it (so the peak memory is
the import's own) and then times the lists.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

LIST_QUERIES = [
    "", "?page=200", "?sort=-revenue", "?q=江城华创", "?revenue=1y_10y", "?qualification=hte",
    "?industry=C&sort=name", "?hitech_domain=电子信息",
]  # fmt: skip


def seed(args) -> None:
    import datetime as dt

    from django.db import transaction

    from gaoxin.demo.builders import DemoContext
    from gaoxin.demo.organization import build as build_org
    from gaoxin.registry import synthetic
    from gaoxin.registry.demo import populate
    from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS

    common.migrate()
    rng, today = random.Random(2026), dt.date(2026, 6, 30)
    ctx = DemoContext(seed=2026, enterprises=0, rng=rng, today=today, progress=lambda m: None)
    started = time.perf_counter()
    with transaction.atomic():
        build_org(ctx)
    units = [u for u in ctx.units.values() if u.kind in ENTERPRISE_UNIT_KINDS]
    liaisons = ctx.people["liaison"]
    codes = []
    for start in range(0, args.enterprises, 10_000):
        with transaction.atomic():
            count = min(10_000, args.enterprises - start)
            made = populate(rng, count, units, liaisons, today, start=start, log=False, years=False)
            codes += [e.uscc for e in made]
    common.vacuum()
    seeded = time.perf_counter() - started
    rows = [(codes[i % len(codes)], 2025 - i // len(codes)) for i in range(args.rows)]
    write_file(Path(args.file), rows, rng, synthetic)
    print(f"  seeded {len(codes):,} enterprises in {seeded:.1f} s; import file {args.rows:,} rows")


def write_file(path: Path, keys, rng, synthetic) -> None:
    from gaoxin.registry.models import FIGURE_COLUMNS
    from gaoxin.transfer.sheet_templates import load_template
    from gaoxin.transfer.writer import write_csv

    template = load_template("enterprise_year")
    records = []
    for code, year in keys:
        figures = synthetic.figures(rng, synthetic.revenue_scale(rng), year, year)
        records.append({"uscc": code, "year": year, **figures})
    from gaoxin.transfer.writer import table_rows

    headers = [c.header for c in template.columns]
    assert len(headers) == 2 + len(FIGURE_COLUMNS)
    path.write_bytes(write_csv(headers, table_rows(template, records, for_csv=True)))


def measure(args) -> None:
    from gaoxin.core.context import Actor
    from gaoxin.transfer.importer import run_import
    from gaoxin.transfer.kinds import get_kind

    data = Path(args.file).read_bytes()
    kind = get_kind("enterprise-years")
    rss_before = common.peak_rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    report = run_import(kind, data, "bench.csv", Actor.system("bench"))
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert report.ok, report.as_json()["errors"][:3]
    start = time.perf_counter()
    again = run_import(kind, data, "bench.csv", Actor.system("bench"))
    second = time.perf_counter() - start
    assert again.counts.unchanged == report.rows
    result = {
        "database": common.database_label(),
        "import_rows": report.rows,
        "import_s": round(first, 2),
        "import_rows_per_s": round(report.rows / first),
        "import_rows_per_cpu_s": round(report.rows / first_cpu),  # this process's CPU only (no DB server)
        "reimport_unchanged_rows_per_s": round(report.rows / second),
        "peak_rss_mb": round(common.peak_rss_mb(), 1),
        "rss_before_import_mb": round(rss_before, 1),
    }
    common.vacuum()  # what autovacuum does after a bulk load, before the lists are timed
    result.update(list_latency(args.repeat))
    result["load_average"] = round(__import__("os").getloadavg()[0], 1)
    print(json.dumps(result, ensure_ascii=False))


def list_latency(repeat: int) -> dict:
    from django.test import Client

    from gaoxin.organization.models import User
    from gaoxin.registry.models import Enterprise

    out = {"enterprises": Enterprise.objects.count()}
    for who in ("leader", "street"):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=who))
        for label, base in (("page", "/enterprises/"), ("api", "/api/v1/registry/enterprises")):
            samples = []
            for _ in range(repeat):
                for query in LIST_QUERIES:
                    started = time.perf_counter()
                    response = client.get(base + query)
                    samples.append(time.perf_counter() - started)
                    assert response.status_code == 200, (base + query, response.status_code)
            p50, p95 = common.percentiles(samples)
            out[f"{label}_{who}_p50_ms"], out[f"{label}_{who}_p95_ms"] = round(p50, 1), round(p95, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small smoke run: 2,000 enterprises, 5,000 rows")
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=100_000, help="enterprise-year rows to import")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of list requests")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=["seed", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.enterprises, args.rows, args.repeat = 2_000, 5_000, 2
    if args.worker:
        common.setup_django()
        (seed if args.phase == "seed" else measure)(args)
        return
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    failed = False
    for db in databases:
        if db == "postgres" and not common.postgres_available():
            print("PostgreSQL not reachable: skipped")
            failed = failed or not args.quick
            continue
        print(f"== {db}: {args.enterprises:,} enterprises, import {args.rows:,} enterprise-year rows")
        with common.scratch_database(db, "gaoxin_bench") as (url, tmp):
            file = str(Path(tmp) / "years.csv")
            sizes = [
                "--enterprises",
                str(args.enterprises),
                "--rows",
                str(args.rows),
                "--repeat",
                str(args.repeat),
            ]
            for phase in ("seed", "measure"):
                rc = common.run_worker(__file__, url, tmp, ["--phase", phase, "--file", file, *sizes])
                failed = failed or rc != 0
                if rc:
                    break
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
