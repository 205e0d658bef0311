"""Property tests: more R&D never hurts the R&D criterion; the reported gap is exactly enough."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaoxin.engine import evaluate, what_if
from gaoxin.engine.tests.helpers import USCC, frames

FEN = st.integers(min_value=0, max_value=5 * 10**10)  # up to 5亿元 in 分
SALES = st.integers(min_value=1, max_value=5 * 10**10)
PROFILE = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _inputs(rd, sales):
    years = {
        f"y-{3 - i}": {
            "rd_expense": f"{r / 100:.2f}元",
            "main_business_revenue": f"{s / 100:.2f}元",
            "other_business_revenue": 0,
        }
        for i, (r, s) in enumerate(zip(rd, sales, strict=True))
    }
    return frames(2025, {"established_on": "2015-01-01"}, years)


def _c5(a):
    row = a.criteria.filter(pl.col("criterion") == "C5_rd_intensity").to_dicts()[0]
    return row["verdict"], row["gap_base"]


@PROFILE
@given(rd=st.lists(FEN, min_size=3, max_size=3), sales=st.lists(SALES, min_size=3, max_size=3), more=FEN)
def test_more_rd_never_fails_a_passing_rd_criterion(rd, sales, more):
    ys, es = _inputs(rd, sales)
    before, _ = _c5(evaluate(ys, es, 2025, rules=["hte"]))
    after, _ = _c5(what_if(ys, es, 2025, {"rd_expense[y-1]": f"+{more / 100:.2f}元"}, rules=["hte"]))
    if before == "符合":
        assert after == "符合"


@PROFILE
@given(rd=st.lists(FEN, min_size=3, max_size=3), sales=st.lists(SALES, min_size=3, max_size=3))
def test_applying_the_gap_makes_the_criterion_hold(rd, sales):
    ys, es = _inputs(rd, sales)
    verdict, gap = _c5(evaluate(ys, es, 2025, rules=["hte"]))
    if verdict != "不符合":
        return
    assert gap is not None and gap > 0
    with_gap, _ = _c5(
        what_if(ys, es, 2025, {"rd_expense[y-1]": f"+{gap / 100:.2f}元"}, uscc=[USCC], rules=["hte"])
    )
    assert with_gap == "符合"
    short, _ = _c5(what_if(ys, es, 2025, {"rd_expense[y-1]": f"+{(gap - 1) / 100:.2f}元"}, rules=["hte"]))
    assert short == "不符合"
