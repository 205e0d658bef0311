"""API writes (validation naming the field, 409 on a stale version), pages (forms, trash), CLI."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from gaoxin.core.models import BusinessEvent
from gaoxin.registry import uscc
from gaoxin.registry.models import Enterprise, Qualification

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db
NEW_CODE = uscc.make("420106", "MA4K77777")


def new_enterprise(org, **extra) -> dict:
    return {"uscc": NEW_CODE, "name": "江城新登记科技有限公司", "unit": org.units["东湖街道"].pk, **extra}


def test_create_validates_credit_code_naming_the_field(client_for, org):
    client = client_for("leader")
    bad = client.post(
        "/api/v1/registry/enterprises",
        new_enterprise(org, uscc=NEW_CODE[:17] + "0" if NEW_CODE[17] != "0" else NEW_CODE[:17] + "1"),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "uscc" and "校验码" in bad.json()["errors"][0]["message"]
    good = client.post(
        "/api/v1/registry/enterprises",
        new_enterprise(org, industry_code="3981"),
        content_type="application/json",
    )
    assert good.status_code == 200, good.json()
    assert good.json()["industry_code"] == "C3981" and good.json()["version"] == 1


def test_street_staff_cannot_register_in_another_street(client_for, org):
    response = client_for("street").post(
        "/api/v1/registry/enterprises",
        new_enterprise(org, unit=org.units["南山街道"].pk),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Enterprise.objects.filter(uscc=NEW_CODE).exists()


def test_stale_update_is_refused_with_409(client_for, enterprises):
    e = enterprises[0]
    client = client_for("leader")
    url = f"/api/v1/registry/enterprises/{e.pk}"
    first = client.patch(url, {"address": "新地址1号", "version": 1}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(url, {"address": "另一个地址", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert "新地址1号" in stale.json()["detail"]


def test_liaison_change_is_on_the_timeline(client_for, enterprises, users):
    e = enterprises[0]
    client_for("leader").patch(
        f"/api/v1/registry/enterprises/{e.pk}",
        {"liaison": users.liaison2.pk, "version": e.version},
        content_type="application/json",
    )
    assert BusinessEvent.objects.filter(object_id=e.pk, type="registry.liaison_changed").exists()


def test_liaison_must_have_the_liaison_role(client_for, enterprises, users):
    response = client_for("leader").patch(
        f"/api/v1/registry/enterprises/{enterprises[0].pk}",
        {"liaison": users.staff1.pk, "version": enterprises[0].version},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "liaison"


def test_delete_then_restore_from_trash(client_for, enterprises):
    e = enterprises[1]
    assert client_for("leader").delete(f"/api/v1/registry/enterprises/{e.pk}").status_code == 200
    assert not Enterprise.objects.filter(pk=e.pk).exists()
    assert client_for("leader").get("/enterprises/trash/").status_code == 403
    admin = client_for("sysadmin")
    assert e.name in admin.get("/enterprises/trash/").content.decode()
    admin.post("/enterprises/trash/", {"enterprise": e.pk})
    assert Enterprise.objects.filter(pk=e.pk).exists()


def test_stale_edit_form_shows_what_changed(client_for, enterprises):
    e = enterprises[2]
    client = client_for("leader")
    form = {
        "name": e.name, "unit": e.unit_id, "address": "甲路 1 号", "version": e.version,
        "established_on": e.established_on.isoformat(),
    }  # fmt: skip
    assert client.post(f"/enterprises/{e.pk}/edit/", form).status_code == 302
    page = client.post(f"/enterprises/{e.pk}/edit/", {**form, "address": "乙路 2 号"}).content.decode()
    assert "您的保存未生效" in page and "甲路 1 号" in page


def test_form_shows_inline_chinese_errors(client_for, org):
    page = client_for("leader").post(
        "/enterprises/new/", {"uscc": "123", "name": "", "unit": org.units["东湖街道"].pk}
    )
    text = page.content.decode()
    assert "应为 18 位" in text and "这个字段是必填项" in text


def test_qualification_grant_computes_expiry_and_lists_expiring(client_for, enterprises, org):
    import datetime as dt

    e = enterprises[0]
    granted = org.today - dt.timedelta(days=365 * 3 - 30)
    client_for("leader").post(
        f"/api/v1/registry/enterprises/{e.pk}/qualifications",
        {"kind": "hte", "level": "national", "granted_on": granted.isoformat(), "certificate_no": "GR-X"},
        content_type="application/json",
    )
    q = Qualification.objects.get(certificate_no="GR-X")
    assert q.expires_on is not None and q.expires_on > org.today
    assert "GR-X" in client_for("leader").get("/enterprises/qualifications/expiring/").content.decode()


def test_api_import_returns_the_cli_json(client_for, enterprises):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = csv_bytes("统一社会信用代码,年度,主营业务收入", f"{enterprises[0].uscc},2021,abc")
    upload = SimpleUploadedFile("y.csv", data)
    response = client_for("leader").post(
        "/api/v1/registry/import", {"kind": "enterprise-years", "dry_run": "true", "file": upload}
    )
    body = response.json()
    assert response.status_code == 422
    assert set(body) == {"kind", "rows", "valid", "committed", "errors", "warnings", "sheet", "sheet_choices"}
    assert body["errors"] == [{"row": 2, "column": "主营业务收入", "message": body["errors"][0]["message"]}]


def test_cli_import_json_and_exit_status(tmp_path, capsys, enterprises):
    path = tmp_path / "y.csv"
    path.write_bytes(
        csv_bytes("统一社会信用代码,年度,主营业务收入（万元）", f"{enterprises[0].uscc},2021,1.5亿")
    )
    call_command("import", "enterprise-years", str(path), "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["committed"] == 1 and out["errors"] == []
    path.write_bytes(csv_bytes("统一社会信用代码,年度,主营业务收入", f"{enterprises[0].uscc},2021,一些"))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "enterprise-years", str(path), "--json", "--dry-run")
    assert exit_info.value.code == 1
    assert json.loads(capsys.readouterr().out)["valid"] == 0


def test_cli_export(tmp_path, enterprises):
    target = tmp_path / "e.csv"
    call_command("export", "enterprises", str(target))
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("统一社会信用代码,企业名称") and len(lines) == len(enterprises) + 1
