"""Issue 10 item 12: times in Asia/Shanghai, one date style (2026-10-18)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone

GAOXIN = Path(__file__).resolve().parents[2]
#: the engine is Django-free and receives its as-of date from the caller
EXEMPT = ("engine/",)


def test_no_server_clock_dates_outside_the_engine():
    """date.today()/datetime.now() read the server's clock (UTC on a typical host): between 00:00 and 08:00
    Beijing time they named yesterday. Everything asks timezone.localdate()/localtime() (Asia/Shanghai)."""
    pattern = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(\)|\bdatetime\.today\(\)")
    offenders = [
        f"{path.relative_to(GAOXIN)}:{n}"
        for path in GAOXIN.rglob("*.py")
        if "tests" not in path.parts and not str(path.relative_to(GAOXIN)).startswith(EXEMPT)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert not offenders, offenders


def test_dates_and_times_have_one_style_in_beijing_time(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    moment = dt.datetime(2026, 10, 18, 0, 30, tzinfo=dt.UTC)  # 08:30 in Beijing
    html = Template("{{ day }}|{{ moment }}|{{ day|date:'SHORT_DATE_FORMAT' }}").render(
        Context({"day": dt.date(2026, 10, 18), "moment": moment})
    )
    assert html == "2026-10-18|2026-10-18 08:30|2026-10-18"
    assert timezone.localtime(moment).hour == 8


@pytest.mark.django_db
def test_a_problem_page_writes_its_dates_in_the_one_style(client_for, org, users):
    from gaoxin.core.context import Actor
    from gaoxin.problems.actions import raise_problem

    problem = raise_problem(
        {"description": "道路施工影响出行", "category": "其他", "severity": "一般",
         "lead_department": org.units["经济发展局"], "raised_on": dt.date(2026, 10, 18)},
        Actor(user=users.liaison1),
    )  # fmt: skip
    html = client_for("staff1").get(f"/problems/{problem.pk}/").content.decode()
    assert "（2026-10-18）" in html and "2026年10月18日" not in html
