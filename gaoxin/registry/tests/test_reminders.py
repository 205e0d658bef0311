"""`gaoxin notify due` for qualifications (issue 10 item 6): within 90 days of its end, the enterprise's
users and its 包联干部 are told once."""

import datetime as dt

import pytest

from gaoxin.notifications.models import Notification
from gaoxin.organization.tests.test_zone_init import run
from gaoxin.registry.models import Qualification

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_expiring_qualification_reaches_the_enterprise_and_its_liaison(enterprises, ent_user):
    today = dt.date(2026, 10, 1)
    own, other = enterprises[0], enterprises[1]
    Qualification.objects.filter(enterprise__in=enterprises).delete()
    expiring = Qualification.objects.create(
        enterprise=own, kind="hte", level="national", granted_on=dt.date(2023, 12, 1),
        expires_on=dt.date(2026, 11, 30),
    )  # fmt: skip
    Qualification.objects.create(  # ends in more than 90 days: not yet
        enterprise=other, kind="hte", level="national", granted_on=dt.date(2024, 6, 1),
        expires_on=dt.date(2027, 5, 31),
    )  # fmt: skip
    code, out, err = run("notify", "due", "--today", today.isoformat())
    assert code == 0, err
    sent = Notification.objects.filter(kind="registry.qualification_expiring").select_related("recipient")
    assert {n.recipient for n in sent} == {ent_user, own.liaison}
    assert all(own.name in n.title and "60天后到期" in n.title for n in sent)
    assert "资质即将到期 2 条" in out
    assert expiring.expires_on.isoformat() in sent[0].body
    assert run("notify", "due", "--today", "2026-10-02")[0] == 0  # the next day: nothing twice
    assert Notification.objects.filter(kind="registry.qualification_expiring").count() == 2
