from django.test import Client

from gaoxin.core.models import ApiToken


def test_openapi_document_is_served(client, client_for):
    assert client.get("/api/v1/openapi.json").status_code == 302  # to the login (issue 14 item 10)
    response = client_for("leader").get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "高新区运营平台 API"


def test_token_authentication_and_refusal(users):
    _, key = ApiToken.issue(users.leader, "测试")
    ok = Client().get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert ok.status_code == 200
    # a locked user's token stops working
    from django.utils import timezone

    users.leader.locked_until = timezone.now() + timezone.timedelta(minutes=5)
    users.leader.save()
    from gaoxin.core.api_auth import TokenAuth

    class Req:
        user = None

    assert TokenAuth().authenticate(Req(), key) is None
    assert TokenAuth().authenticate(Req(), "not-a-token") is None


def test_token_page_issues_a_key_once(client_for):
    c = client_for("staff1")
    response = c.post("/org/tokens/", {"description": "银行读取"})
    assert 'id="new-token"' in response.content.decode()
    assert ApiToken.objects.filter(user__username="staff1", description="银行读取").count() == 1
