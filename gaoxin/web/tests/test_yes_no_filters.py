"""Issue 10 item 13: yes/no filters (数据完整, 按时填报, 仅看超期) offered 未知/是/否 and so looked set to
"unknown" on an unfiltered list; they read 全部/是/否 and still filter."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = [("/points/", "complete"), ("/projects/reports/", "on_time"), ("/problems/", "overdue")]


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


@pytest.mark.parametrize(("url", "name"), PAGES)
def test_yes_no_filters_read_all_yes_no(client_for, url, name):
    html = client_for("staff1").get(url).content.decode()
    assert options(html, name) == ["全部", "是", "否"]
    assert "未知" not in options(html, name)


def test_the_filter_still_filters(org):
    from gaoxin.points.filtersets import ScoreFilterSet
    from gaoxin.points.models import Score

    def cleaned(value):
        form = ScoreFilterSet({"complete": value}, queryset=Score.objects.none()).form
        assert form.is_valid()
        return form.cleaned_data["complete"]

    assert (cleaned("false"), cleaned("true"), cleaned("unknown"), cleaned("")) == (False, True, None, None)
