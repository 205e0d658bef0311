"""Issue 10 item 13: Gantt rows carry the project code and are shortened at the end (they were cut from the
left, without code); the cultivation ladder is a bar funnel with counts (it was drawn as a diamond)."""

import pytest

pytestmark = pytest.mark.django_db


def test_gantt_rows_start_with_the_code(make_project, client_for):
    from gaoxin.projects.charts import project_gantt

    short = make_project("G001", name="芯片封测基地")
    long = make_project("G002", name="江城光电子信息产业园二期标准厂房及配套工程")
    rows = project_gantt([short, long])["rows"]
    assert rows[0] == "G001 芯片封测基地"
    assert rows[1].startswith("G002 江城光电子") and rows[1].endswith("…") and len(rows[1]) == 18
    page = client_for("leader").get("/projects/gantt/").content.decode()
    assert "containLabel: true" in page


def test_the_ladder_is_a_bar_funnel_with_counts():
    from gaoxin.assessment.ladder import funnel_option

    rows = [("reserve", "储备", 12), ("cultivating", "培育", 5), ("applying", "申报", 2)]
    option = funnel_option("科技创新梯队", rows)
    [series] = option["series"]
    assert series["type"] == "bar" and [d["value"] for d in series["data"]] == [12, 5, 2]
    assert option["yAxis"]["data"] == ["储备", "培育", "申报"] and option["yAxis"]["inverse"]
    assert series["label"]["show"] and "{c}" in series["label"]["formatter"]
