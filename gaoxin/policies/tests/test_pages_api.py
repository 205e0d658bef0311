"""Pages and API with their role scopes: staff see the zone, an enterprise only its own matches and
claims, a 包联干部 his enterprises' pending confirmations, banks nothing here."""

from __future__ import annotations

import pytest
from django.test import Client

from gaoxin.core.context import Actor
from gaoxin.policies import actions
from gaoxin.policies.models import Claim, Match

pytestmark = pytest.mark.django_db
BANK = {"bank_name": "江城农商银行", "bank_account": "6230000011112222", "account_name": "江城甲科技有限公司"}

STAFF_PAGES = [
    "/policies/", "/policies/matches/", "/policies/claims/", "/policies/ledger/", "/policies/funds/",
    "/policies/sandbox/", "/policies/pending/", "/policies/matches/export/", "/policies/ledger/export/",
]  # fmt: skip


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_staff_pages(loaded, client_for, django_assert_max_num_queries):
    c = client_for("staff1")
    for url in STAFF_PAGES:
        assert c.get(url).status_code == 200, url
    page = c.get(f"/policies/{loaded.pk}/")
    text = page.content.decode()
    assert "上一年度研究开发费用总额不低于500万元" in text and "从高不重复" in text
    with django_assert_max_num_queries(25):
        assert c.get("/policies/matches/?year=2026").status_code == 200


def test_sandbox_counts_without_saving(loaded, client_for):
    clause = loaded.clauses.get(code="rd_subsidy")
    before = Match.objects.count()
    page = client_for("staff1").get(
        "/policies/sandbox/", {"clause": clause.pk, "year": 2026, "go": 1, "when": "rd_expense[y-1] >= 480万元",
                               "amount": "min(rd_expense[y-1] * 5%, 100万元)"},
    )  # fmt: skip
    text = page.content.decode()
    assert "4 家 · 1,410,416.66元" not in text  # sanity: the figure is shown in 万元
    assert "4 家 · 141.04万元" in text  # 甲 50 + 乙 30 + 丙 24.375 + 戊 36.666… (万元)
    assert Match.objects.count() == before


def test_check_as_you_type(client_for):
    c = client_for("staff1")
    bad = c.get("/policies/check/", {"when": "rd_expence[y-1] >= 500万元"}).content.decode()
    assert "是否指 rd_expense" in bad
    good = c.get("/policies/check/", {"when": "rd_expense[y-1] >= 500万元"}).content.decode()
    assert "校验通过" in good and "不低于500万元" in good
    hints = c.get("/policies/check/", {"when": "rd_exp"}).content.decode()
    assert "rd_expense[y-1]" in hints


def test_enterprise_sees_only_its_own(loaded, ent_user):
    c = login(ent_user)
    page = c.get("/policies/mine/").content.decode()
    assert "研发投入奖补" in page and "50万元" in page
    assert c.get("/policies/matches/").status_code == 403
    items = c.get("/api/v1/policies/matches").json()["items"]
    assert items and {i["uscc"] for i in items} == {ent_user.enterprise_account.enterprise.uscc}
    other = (
        Match.objects.exclude(enterprise=ent_user.enterprise_account.enterprise)
        .filter(verdict="符合")
        .first()
    )
    assert c.post(f"/policies/matches/{other.pk}/confirm/", BANK).status_code == 404
    own = Match.objects.get(enterprise=ent_user.enterprise_account.enterprise, clause__code="rd_subsidy")
    assert (
        c.post(f"/api/v1/policies/matches/{own.pk}/claim", BANK, content_type="application/json").status_code
        == 200
    )
    assert [i["enterprise"] for i in c.get("/api/v1/policies/claims").json()["items"]] == [own.enterprise_id]
    assert c.get("/api/v1/policies/ledger").status_code == 403


def test_bank_sees_nothing(loaded, client_for):
    c = client_for("bank")
    for url in [
        "/api/v1/policies/policies",
        "/api/v1/policies/matches",
        "/api/v1/policies/claims",
        "/api/v1/policies/funds",
    ]:
        assert c.get(url).status_code == 403, url
    for url in ["/policies/", "/policies/mine/", "/policies/matches/"]:
        assert c.get(url).status_code == 403, url


def test_liaison_pending_list(loaded, client_for, users):
    page = client_for("liaison1").get("/policies/pending/").content.decode()
    assert "江城甲科技有限公司" in page and "研发投入奖补" in page


def test_api_chain(loaded, client_for, users, no_publicity):
    m = Match.objects.get(enterprise__name__contains="乙", clause__code="rd_subsidy")
    claim = actions.claim(m, Actor(), **BANK)
    api = client_for("staff1")
    r = api.post(
        f"/api/v1/policies/claims/{claim.pk}/review",
        {"approve": True, "version": claim.version},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "reviewed"
    plan = api.post(
        "/api/v1/policies/claims/approve", {"ids": [claim.pk]}, content_type="application/json"
    ).json()
    assert plan["items"][0]["granted_fen"] == 30_000_000 and not plan["applied"]
    assert Claim.objects.get(pk=claim.pk).status == "reviewed"
    api.post(
        "/api/v1/policies/claims/approve", {"ids": [claim.pk], "apply": True}, content_type="application/json"
    )
    version = Claim.objects.get(pk=claim.pk).version
    r = api.post(f"/api/v1/policies/claims/{claim.pk}/pay", {"paid_on": "2026-01-05", "voucher_no": "V1", "version": version},
                 content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["shares_fen"] == {"市级": 15_000_000, "区级": 15_000_000}
    funds = api.get("/api/v1/policies/funds").json()["items"]
    assert funds[0]["remaining_fen"] == 20_000_000
    bad = api.post(f"/api/v1/policies/claims/{claim.pk}/pay", {"paid_on": "2026-01-05", "voucher_no": "V1", "version": 1},
                   content_type="application/json")  # fmt: skip
    assert bad.status_code in (409, 422)


def test_bank_account_is_masked_for_staff(loaded, client_for, users):
    m = Match.objects.get(enterprise__name__contains="乙", clause__code="rd_subsidy")
    claim = actions.claim(m, Actor(), **BANK)
    staff = client_for("staff1").get(f"/policies/claims/{claim.pk}/").content.decode()
    assert "************2222" in staff and "6230000011112222" not in staff
    assert "6230000011112222" in client_for("leader").get(f"/policies/claims/{claim.pk}/").content.decode()
