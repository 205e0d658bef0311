"""Issue 10 item 13: the problem page names the enterprise that raised it and the list has a 企业 column;
timeline entries no longer repeat their type ("提出问题：提出问题：…")."""

import datetime as dt
import re

import pytest

from gaoxin.registry.models import Enterprise
from gaoxin.registry.uscc import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise(org):
    return Enterprise.objects.create(
        uscc=make("420100", "MA4K00077"), name="江城光电科技有限公司", established_on=dt.date(2015, 3, 2),
        unit=org.units["东湖街道"],
    )  # fmt: skip


def test_the_page_and_the_list_show_the_enterprise(raise_as, enterprise, client_for):
    problem = raise_as("liaison1", enterprise=enterprise)
    staff = client_for("staff1")
    page = staff.get(f"/problems/{problem.pk}/").content.decode()
    assert f'<a href="/enterprises/{enterprise.pk}/">江城光电科技有限公司</a>' in page
    listing = staff.get("/problems/").content.decode()
    headers = [h.strip() for h in re.findall(r"<th>\s*([^<]+?)\s*</th>", listing)]
    assert "企业" in headers and "江城光电科技有限公司" in listing


def test_timeline_entries_do_not_repeat_their_type(raise_as, client_for, as_):
    from gaoxin.problems import actions

    problem = raise_as("liaison1", description="厂房用电增容审批迟迟未办")
    actions.accept(problem, as_("staff1"))
    actions.resolve(problem, "已协调供电公司完成增容", as_("staff1"))
    page = client_for("staff1").get(f"/problems/{problem.pk}/").content.decode()
    timeline = page.split('id="problem-timeline"', 1)[1].split("</ul>", 1)[0]
    assert "提出问题：厂房用电增容审批迟迟未办" in timeline and "提出问题：提出问题" not in timeline
    assert "办结：已协调供电公司完成增容" in timeline and "办结：办结" not in timeline
