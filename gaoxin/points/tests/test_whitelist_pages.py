"""Issue 10 item 13: the bank's whitelist has a search and its 排名 runs 1, 2, 3 … without gaps; 发布新版本
asks for confirmation and shows a preview of the draft first."""

import re

import pytest

from gaoxin.points.actions import publish_whitelist, run_points
from gaoxin.points.models import Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(enterprises, actor, org):
    run_points(org.today.year, actor)
    Score.objects.update(
        percentile=95, complete=True, missing="", dishonest_listed=False, major_incident=False
    )
    left_out = [s.enterprise_id for s in Score.objects.order_by("rank")[1:6:2]]  # ranks 2, 4, 6 drop out
    Score.objects.filter(enterprise_id__in=left_out).update(dishonest_listed=True)
    return publish_whitelist(actor, "首次发布")


def ranks(html: str) -> list[int]:
    body = html.split('id="version-entries"', 1)[1].split("</table>", 1)[0]
    return [int(n) for n in re.findall(r'<tr><td class="text-end">(\d+)</td>', body)]


def test_ranks_have_no_gaps_and_the_list_can_be_searched(published, client_for):
    bank = client_for("bank")
    html = bank.get(f"/points/whitelist/{published.number}/").content.decode()
    assert ranks(html) == list(range(1, published.entry_count + 1))
    entry = published.entries.order_by("rank")[3]
    found = bank.get(f"/points/whitelist/{published.number}/", {"q": entry.name}).content.decode()
    assert ranks(found) == [4] and entry.uscc in found  # its place in the whole list
    assert (
        "未找到" in bank.get(f"/points/whitelist/{published.number}/", {"q": "不存在的企业"}).content.decode()
    )


def test_publishing_asks_for_confirmation_after_a_draft_preview(published, client_for):
    html = client_for("staff1").get("/points/whitelist/").content.decode()
    form = html.split('id="publish-form"', 1)[1].split(">", 1)[0]
    assert "data-confirm=" in form and "第 2 版" in form
    preview = html.split('id="draft-preview"', 1)[1].split("</details>", 1)[0]
    first = published.entries.order_by("rank").first()
    assert "预览待发布名单" in preview and first.name in preview
