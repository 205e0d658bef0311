"""Points with breakdown, whitelist versions (immutable, diff with reasons), bank visibility, scopes."""

from __future__ import annotations

import pytest

from gaoxin.core.models import ApiToken
from gaoxin.core.models.changelog import AppendOnlyError
from gaoxin.points.actions import publish_whitelist, run_points
from gaoxin.points.models import Score, WhitelistChange, WhitelistEntry, WhitelistVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(enterprises, actor, org):
    return run_points(org.today.year, actor)


def test_points_are_stored_with_breakdown(scored, enterprises):
    assert scored.count == len(enterprises) == Score.objects.count()
    score = Score.objects.order_by("rank").first()
    assert score.rank == 1 and score.breakdown
    assert {"name", "raw", "standard", "weight", "contribution"} <= set(score.breakdown[0])
    assert score.points == pytest.approx(sum(i["contribution"] or 0 for i in score.breakdown), abs=0.01)


def _eligible_everyone_but(org, keep_out=()):
    """Make every score pass the whitelist rules except the enterprises in ``keep_out``."""
    Score.objects.update(
        percentile=95, complete=True, missing="", dishonest_listed=False, major_incident=False
    )
    Score.objects.filter(enterprise__in=keep_out).update(dishonest_listed=True)


def test_publishing_versions_and_diff(scored, enterprises, actor, org):
    _eligible_everyone_but(org)
    first = publish_whitelist(actor, "首次发布")
    assert first.number == 1 and first.entry_count == len(enterprises) == first.added_count
    dropped, low = enterprises[0], enterprises[1]
    _eligible_everyone_but(org, keep_out=[dropped])
    Score.objects.filter(enterprise=low).update(percentile=10)
    second = publish_whitelist(actor, "季度更新")
    assert (second.number, second.removed_count, second.added_count) == (2, 2, 0)
    reasons = dict(WhitelistChange.objects.filter(version=second).values_list("uscc", "reason"))
    assert "失信" in reasons[dropped.uscc] and "百分位" in reasons[low.uscc]
    assert first.entries.count() == len(enterprises)  # the old version is untouched


def test_versions_are_immutable(scored, actor, org):
    _eligible_everyone_but(org)
    version = publish_whitelist(actor)
    version.note = "改写"
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        WhitelistVersion.objects.update(note="改写")
    with pytest.raises(AppendOnlyError):
        WhitelistEntry.objects.filter(version=version).delete()
    with pytest.raises(AppendOnlyError):
        version.delete()


def test_bank_sees_only_published_versions(scored, actor, org, client_for, users):
    _eligible_everyone_but(org)
    bank = client_for("bank")
    assert bank.get("/points/whitelist/").status_code == 200
    assert "待发布名单" not in bank.get("/points/whitelist/").content.decode()
    assert bank.get("/api/v1/points/whitelist/versions").json()["items"] == []
    assert "待发布名单" in client_for("staff1").get("/points/whitelist/").content.decode()
    publish_whitelist(actor)
    Score.objects.all().delete()  # the draft changes; the published version does not
    page = bank.get("/points/whitelist/1/")
    assert page.status_code == 200 and "第 1 版" in page.content.decode()
    assert bank.get("/points/whitelist/1/export/").content[:2] == b"PK"
    _, key = ApiToken.issue(users.bank, "银行读取")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    from django.test import Client

    api = Client()
    versions = api.get("/api/v1/points/whitelist/versions", **auth).json()["items"]
    assert [v["number"] for v in versions] == [1]
    assert len(api.get("/api/v1/points/whitelist/versions/1", **auth).json()["entries"]) > 0
    assert api.get("/api/v1/points/whitelist/draft", **auth).status_code == 403
    assert (
        api.post("/api/v1/points/whitelist/versions", {}, content_type="application/json", **auth).status_code
        == 403
    )
    assert api.get("/api/v1/points/scores", **auth).status_code == 403
    assert api.get("/api/v1/registry/enterprises", **auth).status_code == 403
    assert bank.get("/points/").status_code == 403 and bank.get("/points/whitelist/").status_code == 200


def test_score_scopes_and_query_budgets(
    scored, client_for, users, enterprises, django_assert_max_num_queries
):
    own = {e.pk for e in enterprises if e.liaison_id == users.liaison1.pk}
    items = client_for("liaison1").get("/api/v1/points/scores?limit=500").json()["items"]
    assert items and {i["enterprise"] for i in items} == own
    leader = client_for("leader")
    for url in [
        "/points/",
        "/points/whitelist/",
        "/api/v1/points/scores",
        "/api/v1/points/whitelist/versions",
    ]:
        with django_assert_max_num_queries(15):
            assert leader.get(url).status_code == 200
    page = leader.get("/points/").content.decode()
    assert "积分构成" in page and "研发费用" in page


def test_cli(scored, org, capsys):
    from django.core.management import call_command

    call_command("points", year=org.today.year)
    call_command("whitelist", "publish", note="命令行发布")
    assert WhitelistVersion.objects.get().note == "命令行发布"
    assert "已发布第 1 版白名单" in capsys.readouterr().out


def test_bank_users_are_told_of_a_published_version(scored, enterprises, actor, org, users):
    """Issue 10 item 6: publishing the whitelist sent no message; banks had to look for it."""
    from gaoxin.notifications.models import Notification

    _eligible_everyone_but(org)
    version = publish_whitelist(actor, "首次发布")
    sent = Notification.objects.filter(kind="points.whitelist_published").select_related("recipient")
    assert {n.recipient.role for n in sent} == {"bank"}
    [message] = [n for n in sent if n.recipient == users.bank]
    assert f"第 {version.number} 版" in message.title and message.url == "/points/whitelist/"
