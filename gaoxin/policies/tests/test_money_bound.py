"""Issue 11 item 1 in policy files: an amount beyond what is stored (100 万亿元) is refused with the file,
line and field named — it was refused only by the database's BIGINT bound, "确保该值小于或等于
9223372036854775807。", with no line and a figure in 分."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from gaoxin.engine.policyfile import parse_money

from .conftest import POLICY


@pytest.mark.parametrize("budget", ["99999999999999999999亿元", "1000000亿元"])
@pytest.mark.django_db
def test_a_budget_beyond_the_range_is_refused_naming_file_and_line(org, tmp_path, budget):
    from gaoxin.policies.models import Policy

    (tmp_path / "a.yaml").write_text(POLICY.replace("budget: 50万元", f"budget: {budget}"), encoding="utf-8")
    with pytest.raises(
        CommandError, match=f"a.yaml 第 \\d+ 行 budget：“{budget}”超出允许范围（须小于 100 万亿元）"
    ):
        call_command("policies", "load", str(tmp_path))
    assert not Policy.objects.exists()


def test_the_largest_amount_is_read_exactly():
    errors: list[str] = []
    assert parse_money("99999999999999.99元", "年度上限", errors) == 10**16 - 1 and not errors
    assert parse_money("1000000亿元", "年度上限", errors) is None
    assert errors == ["年度上限：“1000000亿元”超出允许范围（须小于 100 万亿元）"]
