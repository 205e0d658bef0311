"""Pages and API: the dashboard, an indicator's page with its sources, permissions and scope, the
leader's to-do list."""

import pytest
from django.urls import reverse

from gaoxin.indicators.models import Indicator

from .conftest import INDICATORS

pytestmark = pytest.mark.django_db

VALUES = "指标编码,单位,期间,当月值,累计值,上年同期累计值,同比（%）"


@pytest.fixture
def figures(load):
    load("indicators", *INDICATORS)
    load(
        "indicator-targets",
        "指标编码,单位,年度,目标值,下达单位",
        "ZS01,,2015,7000,省",
        "ZS01,东湖街道,2015,300,园区",
        "ZS01,南山街道,2015,300,园区",
    )
    load(
        "indicator-values",
        VALUES,
        "ZS01,,2015-07,,4100.5,,",
        "ZS01,,2015-08,,4766.22,3878.66,",
        "ZS01,东湖街道,2015-07,,150,120,",
        "ZS01,东湖街道,2015-08,,170,150,",
        "ZS01,南山街道,2015-07,,160,150,",
        "ZS01,南山街道,2015-08,,165,125,",
        filename="2015年8月.csv",
    )


def test_dashboard_shows_completion_against_schedule(client_for, figures, django_assert_max_num_queries):
    client = client_for("leader")
    with django_assert_max_num_queries(30):
        page = client.get(reverse("indicators:dashboard"), {"period": "2015-08"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "68.09%" in text and "66.67%" in text and "超序时进度 1.42 个百分点" in text and "22.88%" in text
    assert 'id="bullet"' in text and 'id="trend"' in text
    ranking = text[text.index('id="ranking"') :]
    # ranked on 同比 (the default): July 东湖 25.00% before 南山 6.67%; August 南山 32.00% before 东湖 13.33%
    rows = ranking[: ranking.index("</tbody>")].split("<tr>")[2:]
    assert "南山街道" in rows[0] and "32.00%" in rows[0] and "↑1" in rows[0]
    assert "东湖街道" in rows[1] and "13.33%" in rows[1] and "↓1" in rows[1]


def test_dashboard_defaults_to_the_latest_month(client_for, figures):
    page = client_for("leader").get(reverse("indicators:dashboard"))
    assert "2015年1—8月" in page.content.decode()


def test_a_bad_period_is_a_message_not_an_error(client_for, figures):
    page = client_for("leader").get(reverse("indicators:dashboard"), {"period": "2015-13"})
    assert page.status_code == 200 and "月份应在 1–12 之间" in page.content.decode()


def test_indicator_page_lists_every_period_with_its_source(client_for, figures, load):
    load("indicator-values", VALUES, "ZS01,,2015-08,,4770,3878.66,", filename="8月修订.csv")
    indicator = Indicator.objects.get(code="ZS01")
    text = client_for("staff1").get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    history = text[text.index('id="history"') :]
    assert "8月修订.csv" in history and "2015年8月.csv" in history and "已被修订" in history
    assert "第 1 次修订" in history and "4100.5" in history


def test_who_sees_what(client_for, figures):
    assert client_for("bank").get(reverse("indicators:dashboard")).status_code == 403
    assert client_for("liaison1").get(reverse("indicators:dashboard")).status_code == 403
    street = client_for("street").get(reverse("indicators:dashboard"), {"period": "2015-08"}).content.decode()
    assert "东湖街道" in street and "南山街道" not in street


def test_api_report_is_the_commands_json(client_for, figures):
    response = client_for("leader").get("/api/v1/indicators/report", {"period": "2015-08"})
    assert response.status_code == 200
    item = next(i for i in response.json()["indicators"] if i["code"] == "ZS01")
    assert (item["yoy"], item["completion"], item["ahead"]) == (0.2288, 0.6809, 1.42)
    bad = client_for("leader").get("/api/v1/indicators/report", {"period": "2015-8x"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"


def test_alerts_are_on_the_leaders_todo_list(client_for, figures, load):
    load(
        "indicator-targets", "指标编码,单位,年度,目标值,下达单位", "ZS01,,2015,9000,园区"
    )  # now 52.96% vs 66.67%
    text = client_for("leader").get(reverse("web:dashboard")).content.decode()
    todos = text[text.index('id="todos"') :]
    assert "招商引资到位资金：落后序时进度 13.71 个百分点（2015年1—8月）" in todos
    staff = client_for("staff1").get(reverse("web:dashboard")).content.decode()
    assert "落后序时进度" not in staff


def test_catalogue_page(client_for, figures):
    text = client_for("staff1").get(reverse("indicators:list")).content.decode()
    assert "招商引资到位资金" in text and "外贸进出口总额" in text
