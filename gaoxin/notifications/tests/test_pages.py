import pytest

from gaoxin.notifications.actions import notify
from gaoxin.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_header_shows_the_unread_count_and_the_inbox_lists_own_messages(users, client_for):
    notify([users.staff1], kind="problems.assigned", title="问题已交办：厂区停电", url="/problems/")
    notify([users.staff1], kind="system.notice", title="系统维护通知")
    notify([users.leader], kind="system.notice", title="领导的消息")
    client = client_for("staff1")
    html = client.get("/").content.decode()
    assert 'id="unread-count">2<' in html
    inbox = client.get("/messages/").content.decode()
    assert "问题已交办：厂区停电" in inbox and "领导的消息" not in inbox
    unread = client.get("/messages/?tab=unread&kind=system.notice").content.decode()
    assert "系统维护通知" in unread and "厂区停电" not in unread


def test_opening_a_message_marks_it_read_and_follows_its_link(users, client_for):
    (note,) = notify([users.staff1], kind="problems.assigned", title="问题已交办", url="/problems/")
    client = client_for("staff1")
    response = client.get(f"/messages/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/problems/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'id="unread-count"' not in client.get("/").content.decode()


def test_an_external_link_is_not_followed(users, client_for):
    (note,) = notify([users.staff1], kind="system.notice", title="x", url="https://evil.example/")
    response = client_for("staff1").get(f"/messages/{note.pk}/open/")
    assert response["Location"] == "/messages/"


def test_someone_elses_message_is_a_404(users, client_for):
    (note,) = notify([users.leader], kind="system.notice", title="x")
    assert client_for("staff1").get(f"/messages/{note.pk}/open/").status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_mark_all_read(users, client_for):
    notify([users.staff1], kind="system.notice", title="a")
    notify([users.staff1], kind="system.notice", title="b")
    response = client_for("staff1").post("/messages/read/", {"all": "1"})
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=users.staff1, read_at__isnull=True).exists()


def test_channel_settings_page_is_for_the_system_administrator(users, client_for, org):
    assert client_for("staff1").get("/messages/channels/").status_code == 403
    client = client_for("sysadmin")
    zone = users.staff1.zone
    unit = users.staff1.unit
    page = client.get("/messages/channels/")
    assert page.status_code == 200
    response = client.post(
        "/messages/channels/",
        {
            "email": "on",
            f"hook_{unit.pk}": "https://oapi.dingtalk.com/robot/send?access_token=t",
            "version": zone.version,
        },
    )
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.settings["notifications"] == {
        "email": True,
        "webhooks": {str(unit.pk): "https://oapi.dingtalk.com/robot/send?access_token=t"},
    }
    bad = client.post("/messages/channels/", {f"hook_{unit.pk}": "not a url", "version": zone.version})
    assert bad.status_code == 200 and "有效" in bad.content.decode()
