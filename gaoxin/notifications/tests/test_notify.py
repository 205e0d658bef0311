import pytest
from django.core import mail

from gaoxin.core.context import Actor
from gaoxin.notifications.actions import mark_read, notify
from gaoxin.notifications.models import Delivery, Notification
from gaoxin.organization.models import Unit

from .receiver import RobotReceiver

pytestmark = pytest.mark.django_db


def test_notify_stores_one_message_per_active_recipient_and_skips_the_actor(users):
    users.liaison2.is_active = False
    users.liaison2.save()
    actor = Actor(user=users.leader)
    sent = notify(
        [users.staff1, users.staff1, users.liaison1, users.liaison2, users.leader, None],
        kind="problems.assigned",
        title="问题已交办：道路施工影响出行",
        url="/problems/1/",
        actor=actor,
    )
    assert sorted(n.recipient.username for n in sent) == ["liaison1", "staff1"]
    row = Notification.objects.get(recipient=users.staff1)
    assert (row.kind_label, row.actor_name, row.read_at) == ("问题交办", users.leader.display_name, None)


def test_an_unregistered_kind_is_refused(users):
    with pytest.raises(ValueError, match="unregistered"):
        notify([users.staff1], kind="problems.asigned", title="x")
    assert not Notification.objects.exists()


def test_a_dedupe_key_sends_one_reminder_per_fact(users):
    for _ in range(2):
        notify(
            [users.liaison1], kind="projects.report_due", title="调度填报提醒", dedupe_key="due:7:2026-W49"
        )
    assert Notification.objects.filter(recipient=users.liaison1).count() == 1


def test_mark_read_touches_only_the_owners_messages(users):
    notify([users.staff1, users.liaison1], kind="system.notice", title="系统维护通知")
    assert mark_read(users.staff1) == 1
    assert Notification.objects.get(recipient=users.liaison1).read_at is None


def test_email_channel_sends_when_the_zone_enables_it(users, mailoutbox, django_capture_on_commit_callbacks):
    zone = users.staff1.zone
    users.staff1.email = "staff1@zone.gov.cn"
    users.staff1.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([users.staff1, users.liaison1], kind="system.notice", title="系统维护通知")
    assert mail.outbox == []  # off by default
    zone.settings = {**zone.settings, "notifications": {"email": True}}
    zone.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([users.staff1, users.liaison1], kind="system.notice", title="系统升级通知", body="今晚 22:00")
    assert [m.to for m in mail.outbox] == [["staff1@zone.gov.cn"]]
    assert "系统升级通知" in mail.outbox[0].subject and "今晚 22:00" in mail.outbox[0].body
    assert Delivery.objects.filter(channel="email", ok=True).count() == 1


def test_webhook_posts_robot_json_to_the_nearest_units_robot(users, django_capture_on_commit_callbacks):
    street_unit = users.street.unit
    top = street_unit if street_unit.parent is None else street_unit.parent
    zone = users.street.zone
    with RobotReceiver() as robot:
        # the robot is set on the street's parent: the street's staff are reached through it
        zone.settings = {**zone.settings, "notifications": {"webhooks": {str(top.pk): robot.url}}}
        zone.save()
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                [users.street],
                kind="problems.escalated",
                title="问题超期升级",
                body="请于3日内办结",
                url="/p/1/",
            )
    assert len(robot.received) == 1
    message = robot.received[0]
    assert message["msgtype"] == "text"
    assert message["text"]["content"].startswith("【问题升级】问题超期升级\n请于3日内办结")
    assert users.street.display_name in message["text"]["content"]
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.ok and "secret-key" not in delivery.target  # the robot key is a credential


def test_webhook_refusal_is_recorded_and_does_not_undo_the_message(users, django_capture_on_commit_callbacks):
    zone = users.staff1.zone
    with RobotReceiver(reply={"errcode": 93000, "errmsg": "invalid webhook url"}) as robot:
        zone.settings = {
            **zone.settings,
            "notifications": {"webhooks": {str(users.staff1.unit_id): robot.url}},
        }
        zone.save()
        with django_capture_on_commit_callbacks(execute=True):
            notify([users.staff1], kind="system.notice", title="测试")
    delivery = Delivery.objects.get(channel="webhook")
    assert not delivery.ok and "93000" in delivery.detail
    assert Notification.objects.filter(recipient=users.staff1).count() == 1


def test_unreachable_webhook_is_a_failed_delivery(users, django_capture_on_commit_callbacks):
    zone = users.staff1.zone
    zone.settings = {
        **zone.settings,
        "notifications": {"webhooks": {str(users.staff1.unit_id): "http://127.0.0.1:9/x"}},
    }
    zone.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([users.staff1], kind="system.notice", title="测试")
    assert not Delivery.objects.get(channel="webhook").ok


def test_units_without_robot_get_no_post(users, django_capture_on_commit_callbacks):
    other = Unit.objects.exclude(path__startswith=users.staff1.unit.path).exclude(parent=None).first()
    zone = users.staff1.zone
    with RobotReceiver() as robot:
        zone.settings = {**zone.settings, "notifications": {"webhooks": {str(other.pk): robot.url}}}
        zone.save()
        with django_capture_on_commit_callbacks(execute=True):
            notify([users.staff1], kind="system.notice", title="测试")
    assert robot.received == []
