"""Every built-in function's registry entry type-checks, compiles and evaluates a call: a function
added to FUNCTIONS without an example here (or whose check and compile disagree) fails."""

from __future__ import annotations

import pytest

from gaoxin.engine.conditions import check_condition, condition_truth
from gaoxin.engine.lang.functions import FUNCTIONS
from gaoxin.engine.tests.helpers import frames

YEAR = 2025
ENTERPRISE = {
    "established_on": "2019-03-01",
    "held": [{"kind": "高新技术企业", "level": None, "granted_on": "2023-11-01", "expires_on": None}],
}
YEARS = {
    "y-3": {"rd_expense": "100万元", "employees": 10, "dishonest_listed": False},
    "y-2": {"rd_expense": "200万元", "employees": 20, "dishonest_listed": False},
    "y-1": {"rd_expense": "300万元", "employees": 31, "dishonest_listed": False},
}

# per function: (a condition calling it, its truth on the enterprise above)
EXAMPLES = {
    "sum": ("sum(rd_expense[y-3..y-1]) == 600万元", True),
    "mean": ("mean(rd_expense[y-2..y-1]) == 250万元", True),
    "min": ("min(rd_expense[y-3..y-1]) == 100万元 and min(employees[y-1], 12) == 12", True),
    "max": ("max(rd_expense[y-3..y-1]) == 300万元 and max(employees[y-1], 12) == 31", True),
    "any": ("any(rd_expense[y-3..y-1] > 250万元)", True),
    "all": ("all(employees[y-3..y-1] > 15)", False),
    "operating_years": ("operating_years(y-3..y-1) == 3", True),
    "years_since": ("years_since(established_on) == 6", True),
    "days_since": ("days_since(established_on) > 2000", True),
    "year": ("year(established_on) == 2019", True),
    "holds": ("holds('高新技术企业')", True),
    "coalesce": ("coalesce(rd_expense_superdeduction[y-1], rd_expense[y-1]) == 300万元", True),
    "date": ("established_on < date('2019-03-02')", True),
    "substr": ("substr(uscc, 0, 4) == '9137'", True),
    "floor": ("floor(employees[y-1] / 3) == 10", True),
}


def test_every_registered_function_has_an_example():
    assert set(EXAMPLES) == set(FUNCTIONS)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_registered_function_checks_compiles_and_evaluates(name):
    source, expected = EXAMPLES[name]
    assert check_condition(source) is None
    years, enterprises = frames(YEAR, ENTERPRISE, YEARS)
    assert condition_truth(source, years, enterprises, YEAR)["ok"].to_list() == [expected]


def test_unknown_function_lists_the_registry_in_order():
    assert f"（可用：{'、'.join(FUNCTIONS)}）" in check_condition("foo(1)")
    assert list(FUNCTIONS)[:4] == ["sum", "mean", "min", "max"]
