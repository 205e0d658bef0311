"""Policy matching benchmark (政策找人): 500 clauses × 100,000 synthetic enterprises in one pass.

The clauses are generated as policy files would be written: thresholds on one or two fields (含本数 and
超过), ratios, 首次突破 over earlier years, holds(), tiered amounts (if … then … else), min(rate × base,
cap), fixed awards, per-year caps and exclusivity groups of three. One run = parsing and type-checking
the clauses, compiling them, building the wide input frame (the pivot) and the pass that computes
every clause's verdict, amount (分) and gap steps with the groups resolved; the per-clause summary
(matched, money, unknown, reachable) is read from it. Prints each step, enterprise × clause rows per
second and the peak RSS. The rows worth storing (符合, 数据不足, near misses with gap texts and missing
fields) are timed beside it.

    .venv/bin/python bench/policies.py            # 500 clauses × 100,000 enterprises (target ≤ 5 s)
    .venv/bin/python bench/policies.py --quick    # 100 clauses × 10,000 enterprises (CI smoke run)
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from gaoxin.engine.clauses import match  # noqa: E402
from gaoxin.engine.policyfile import read_text  # noqa: E402
from gaoxin.engine.synthetic import enterprises, years  # noqa: E402

YEAR = 2025
TARGET_SECONDS = 5.0
FIELDS = ["rd_expense", "main_business_revenue", "tax_paid", "hitech_revenue", "tech_contract_value"]
COUNTS = ["employees", "tech_staff", "ip_class1", "rd_staff"]


def clause_text(i: int) -> str:
    """One clause of 10 shapes; thresholds and rates vary with i so no two clauses are the same."""
    f = FIELDS[i % len(FIELDS)]
    n = COUNTS[i % len(COUNTS)]
    t = 100 + (i * 37) % 900  # 万元
    shape = i % 10
    when, amount = {
        0: (f"{f}[y-1] >= {t}万元", f"min({f}[y-1] * {1 + i % 9}%, {50 + i % 50}万元)"),
        1: (f"{f}[y-1] > {t}万元 and {n}[y-1] >= {5 + i % 20}", f"{10 + i % 40}万元"),
        2: (
            f"rd_expense[y-1] / sales_revenue[y-1] >= {2 + i % 5}% and rd_expense[y-1] >= {t // 2}万元",
            f"min((rd_expense[y-1] - rd_expense[y-2]) * 10%, {100 + i % 100}万元)",
        ),
        3: (
            f"{f}[y-1] >= {t * 10}万元 and max({f}[y-4..y-2]) < {t * 10}万元",  # 首次突破
            f"{20 + i % 80}万元",
        ),
        4: (
            f"holds('高新技术企业') and {f}[y-1] >= {t}万元",
            f"if {f}[y-1] >= {t * 5}万元 then 50万元 else if {f}[y-1] >= {t * 2}万元 then 30万元 else 10万元",
        ),
        5: (f"sum({f}[y-3..y-1]) >= {t * 3}万元", f"sum({f}[y-3..y-1]) * 1%"),
        6: (f"{n}[y-1] >= {10 + i % 50} and {n}[y-1] <= {200 + i % 300}", f"{n}[y-1] * 2000元"),
        7: (f"{f}[y-1] - {f}[y-2] >= {t // 5}万元", f"min(({f}[y-1] - {f}[y-2]) * 3%, 200万元)"),
        8: (f"{f}[y-1] >= {t}万元 or {n}[y-1] >= {30 + i % 60}", f"{5 + i % 20}万元"),
        9: (f"not dishonest_listed[y-1] and {f}[y-1] >= {t}万元", f"{f}[y-1] * 0.5%"),
    }[shape]
    group = f"\n    group: g{i // 3}" if i % 4 == 0 else ""
    cap = "\n    cap: 150万元" if shape in (5, 9) else ""
    return f'''  - id: c{i}
    name: 条款{i}
    when: "{when}"
    amount: "{amount}"{group}{cap}
'''


def policy_file(n: int) -> str:
    head = (
        "policy: BENCH-1\nname: 基准政策\nlevel: 区级\neffective_from: 2024-01-01\n"
        "effective_to: 2027-12-31\nclauses:\n"
    )
    return head + "".join(clause_text(i) for i in range(n))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n_clauses: int, n_ent: int) -> None:
    ys, es = years(n_ent, YEAR), enterprises(n_ent, YEAR)
    base = peak_mb()
    text = policy_file(n_clauses)
    t0 = time.perf_counter()
    doc = read_text(text, "bench.yaml")
    t1 = time.perf_counter()
    result = match(ys, es, YEAR, doc.clauses)
    t2 = time.perf_counter()
    summary = result.summary()
    t3 = time.perf_counter()
    total = t3 - t0
    rows = n_clauses * n_ent
    print(
        f"clauses {n_clauses} × enterprises {n_ent:,} = {rows:,} rows   load average {os.getloadavg()[0]:.2f}"
    )
    print(f"  read + check the policy file   {t1 - t0:6.2f} s")
    print(f"  compile + pivot + pass (gaps)  {t2 - t1:6.2f} s")
    print(f"  per-clause summary             {t3 - t2:6.2f} s")
    print(f"  one run                        {total:6.2f} s   {rows / total:,.0f} rows/s   (target ≤ {TARGET_SECONDS} s: "
          f"{'OK' if total <= TARGET_SECONDS else 'MISSED'})")  # fmt: skip
    matched = int(summary["matched"].sum())
    money = int(summary["amount_fen"].sum())
    print(f"  matched {matched:,} enterprise × clause, {money / 100 / 1e8:,.2f} 亿元; unknown "
          f"{int(summary['unknown'].sum()):,}; reachable by one input {int(summary['reachable'].sum()):,}")  # fmt: skip
    t4 = time.perf_counter()
    stored = result.long(near_share=0.3)
    t5 = time.perf_counter()
    print(f"  rows worth storing (符合/数据不足/near misses, texts) {stored.height:,} in {t5 - t4:.2f} s")
    print(f"  peak RSS {peak_mb():,.0f} MB (inputs built: {base:,.0f} MB)")
    assert summary.height == n_clauses and matched > 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 clauses × 10,000 enterprises")
    parser.add_argument("--clauses", type=int)
    parser.add_argument("--enterprises", type=int)
    args = parser.parse_args()
    n_clauses = args.clauses or (100 if args.quick else 500)
    n_ent = args.enterprises or (10_000 if args.quick else 100_000)
    pl.Config.set_tbl_rows(20)
    run(n_clauses, n_ent)


if __name__ == "__main__":
    main()
