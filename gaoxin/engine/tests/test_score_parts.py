"""A part's points are its items' sum capped at the part's maximum; the cap is left out of the
compiled pass only where the items cannot reach it (scores.part_sum)."""

from __future__ import annotations

import pytest

from gaoxin.engine import evaluate
from gaoxin.engine.ruleset import load_text
from gaoxin.engine.scores import upper
from gaoxin.engine.tests.helpers import frames

RULE = """
rule: parts_test
name: 分项封顶
version: test
effective_from: 2020-01-01
documents: {m: {title: 测试, doc_no: 测试1号}}
scores:
  s:
    parts:
      - id: capped
        name: 封顶分项
        max: 10
        items:
          - {id: a, name: 甲, max: 8, points: "tech_staff[y-1]"}
          - {id: b, name: 乙, max: 8, points: "employees[y-1]"}
      - id: free
        name: 不封顶分项
        items:
          - {id: c, name: 丙, ladder: {measure: "ip_class2[y-1]", steps: [[3, 6], [1, 2]], else: 0}}
score: s
criteria:
  - {id: S, name: 得分, when: "s >= 12"}
"""


@pytest.mark.parametrize(
    ("staff", "employees", "ip", "total"),
    [
        (3, 4, 0, 7),  # under the cap: the plain sum
        (8, 8, 0, 10),  # 16 capped at the part's 10
        (8, 8, 5, 16),  # 10 + the ladder's 6 (its part has no cap beyond its items)
        (0, 0, 1, 2),
    ],
)
def test_part_points_are_capped_only_at_the_part_maximum(staff, employees, ip, total):
    rule = load_text(RULE, "test")
    ys, es = frames(2025, years={"y-1": {"tech_staff": staff, "employees": employees, "ip_class2": ip}})
    row = evaluate(ys, es, 2025, rules=[rule]).results.to_dicts()[0]
    assert row["score"] == total
    assert row["verdict"] == ("符合" if total >= 12 else "不符合")


def test_upper_bounds_of_items():
    rule = load_text(RULE, "test")
    capped, free = rule.scores["s"].parts
    assert [upper(i) for i in capped.items] == [8, 8] and capped.max == 10  # 16 > 10: the cap stays
    assert [upper(i) for i in free.items] == [6] and free.max == 6  # never above: no cap needed
