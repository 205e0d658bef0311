"""Table.rows joins each row's <tr> in Python (issue 12 item 5, list page CPU): the text must be what the
template's two nested loops gave, for every kind of value a column shows."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.template import engines
from django.utils.safestring import mark_safe

from gaoxin.web.tables import Column, Table

LOOPS = engines["django"].from_string(
    "{% for row in rows %}<tr>{% for col, cell in row.cells %}<td{% if col.align %}"
    ' class="text-{{ col.align }}"{% endif %}>{{ cell }}</td>{% endfor %}</tr>{% endfor %}'
)
JOINED = engines["django"].from_string("{% for row in rows %}{{ row.html }}{% endfor %}")

VALUES = [
    None, "", "<b>甲&乙</b>", mark_safe("<i>已审</i>"), 0, 12345678, Decimal("1234567.89"), 1.5, True,
    dt.date(2026, 6, 30), dt.datetime(2026, 6, 30, 1, 2, 3, tzinfo=dt.UTC), ["a", "<b>"],
]  # fmt: skip


def test_joined_rows_equal_the_template_loops():
    table = Table(
        [
            Column("value", "值"),
            Column("number", "数", accessor=lambda row: row.value, align="end"),
            Column("shown", "格式", accessor="value", format=lambda v: f"<{v}>"),
        ]
    )
    rows = table.rows([SimpleNamespace(pk=i, value=v) for i, v in enumerate(VALUES)])
    assert JOINED.render({"rows": rows}) == LOOPS.render({"rows": rows})
    assert "&lt;b&gt;甲&amp;乙&lt;/b&gt;" in JOINED.render({"rows": rows})
