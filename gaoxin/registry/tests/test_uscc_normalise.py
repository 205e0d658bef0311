"""Issue 11 item 2: one normal form of the credit code on every path (page, API, import, file mode)."""

from __future__ import annotations

import polars as pl
import pytest

from gaoxin.registry import uscc
from gaoxin.registry.models import Enterprise

from .conftest import csv_bytes

CODE = uscc.make("420106", "MA4K77777")
WIDE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
FORMS = [
    CODE.lower(),
    f" {CODE[:8]} {CODE[8:]} ",
    f"{CODE[:8]}-{CODE[8:]}",
    f"{CODE[:6]}\u00a0{CODE[6:]}",
    f"{CODE[:6]}\u3000{CODE[6:]}\u2014",
    CODE.translate(WIDE),  # full-width digits and letters
    CODE.translate(WIDE).lower(),
    f"{CODE[:9]}\uff0d{CODE[9:]}\t",
]


@pytest.mark.parametrize("form", FORMS)
def test_every_form_normalises_to_the_code(form):
    assert uscc.normalize(form) == CODE
    assert uscc.check(form).ok and uscc.check(form).code == CODE


def test_polars_expression_agrees_with_normalize():
    frame = pl.DataFrame({"code": [*FORMS, None, "abc"]})
    got = frame.select(uscc.normalize_expr(pl.col("code"))).to_series().to_list()
    assert got == [CODE] * len(FORMS) + [None, "ABC"]


def _new(org, code):
    return {"uscc": code, "name": "江城规范科技有限公司", "unit": org.units["东湖街道"].pk}


@pytest.mark.django_db
def test_api_create_with_a_lower_case_code_finds_the_existing_enterprise(client_for, org):
    client = client_for("leader")
    first = client.post("/api/v1/registry/enterprises", _new(org, CODE), content_type="application/json")
    assert first.status_code == 200
    second = client.post(
        "/api/v1/registry/enterprises", _new(org, CODE.lower()), content_type="application/json"
    )
    assert second.status_code == 422  # the same enterprise: no second one
    assert Enterprise.all_objects.filter(uscc__iexact=CODE).count() == 1


@pytest.mark.django_db
def test_api_create_and_patch_store_the_normal_form(client_for, org):
    client = client_for("leader")
    created = client.post(
        "/api/v1/registry/enterprises", _new(org, FORMS[4]), content_type="application/json"
    )
    assert created.status_code == 200, created.json()
    assert created.json()["uscc"] == CODE
    other = uscc.make("420106", "MA4K77778")
    body = {"uscc": f" {other.lower()} ", "version": created.json()["version"]}
    patched = client.patch(
        f"/api/v1/registry/enterprises/{created.json()['id']}", body, content_type="application/json"
    )
    assert patched.status_code == 200, patched.json()
    assert Enterprise.objects.get(pk=created.json()["id"]).uscc == other
    listed = client.get("/api/v1/registry/enterprises", {"q": other}).json()
    assert [e["uscc"] for e in listed["items"]] == [other]


@pytest.mark.django_db
def test_search_finds_a_code_typed_with_spaces_or_full_width(client_for, enterprises):
    code = enterprises[0].uscc
    client = client_for("leader")
    for typed in (code.lower(), f"{code[:8]} {code[8:]}", code.translate(WIDE)):
        listed = client.get("/api/v1/registry/enterprises", {"q": typed}).json()
        assert code in [e["uscc"] for e in listed["items"]], typed


@pytest.mark.django_db
def test_import_of_any_form_updates_the_one_enterprise(client_for, org, enterprises):
    from django.core.files.uploadedfile import SimpleUploadedFile

    code = enterprises[0].uscc
    rows = ["统一社会信用代码,企业名称,成立日期,所属单位"]
    rows.append(f"{code.translate(WIDE).lower()},江城改名科技有限公司,2015-03-01,东湖街道")
    response = client_for("leader").post(
        "/api/v1/registry/import",
        {"kind": "enterprises", "file": SimpleUploadedFile("e.csv", csv_bytes(*rows))},
    )
    assert response.status_code == 200 and not response.json()["errors"], response.json()
    assert Enterprise.objects.filter(uscc=code).get().name == "江城改名科技有限公司"
    assert Enterprise.all_objects.count() == len(enterprises)
