"""Issue 14 item 5: import caps on every path — rows (zone setting, default 200,000), the uncompressed size
an xlsx declares, the upload size — refused before the file is parsed, with a Chinese message."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

URL = "/api/v1/registry/import"


def _csv(rows: int) -> bytes:
    lines = ["统一社会信用代码,企业名称"] + [f"91420100MA4K{n:06d},企业{n}" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "企业名称"])
    for n in range(rows):
        sheet.append([f"91420100MA4K{n:06d}", f"企业{n}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def capped(users):
    zone = users.leader.zone
    zone.settings = {**zone.settings, "import_max_rows": 10}
    zone.save()
    return zone


@pytest.fixture
def never_parsed(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the file was parsed although it exceeds a cap")

    monkeypatch.setattr("gaoxin.transfer.importer.read_sheet", refuse)


def _post(client, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data)
    return client.post(URL, {"kind": "enterprises", "dry_run": "true", "file": upload})


def _messages(response) -> str:
    body = response.json()
    return " ".join([body.get("detail", "")] + [str(e) for e in body.get("errors", [])])


@pytest.mark.parametrize(("name", "make"), [("a.csv", _csv), ("a.xlsx", _xlsx)])
def test_rows_over_the_zone_cap_are_refused_before_parsing(client_for, capped, never_parsed, name, make):
    response = _post(client_for("leader"), name, make(11))
    assert response.status_code == 422
    assert "超过单次导入上限 10 行" in _messages(response)


def test_rows_at_the_cap_are_accepted(client_for, capped):
    response = _post(client_for("leader"), "a.csv", _csv(10))
    assert "超过单次导入上限" not in _messages(response)


def test_default_row_cap_is_200000(users):
    from gaoxin.core.limits import zone_limit

    assert zone_limit(users.leader.zone, "import_max_rows") == 200_000


def test_declared_uncompressed_size_is_checked(client_for, users, never_parsed, monkeypatch):
    monkeypatch.setattr("gaoxin.core.limits.IMPORT_MAX_UNCOMPRESSED_BYTES", 2000)
    response = _post(client_for("leader"), "a.xlsx", _xlsx(5))
    assert response.status_code == 422 and "解压后" in _messages(response)


def test_upload_size_is_capped_on_the_api(client_for, users, never_parsed, monkeypatch):
    monkeypatch.setattr("gaoxin.core.limits.IMPORT_MAX_UPLOAD_BYTES", 100)
    response = _post(client_for("leader"), "a.csv", _csv(20))
    assert response.status_code == 422
    assert any(e["field"] == "file" for e in response.json()["errors"])


def test_the_cli_and_page_path_share_the_check(users, capped, never_parsed):
    from gaoxin.core.context import Actor
    from gaoxin.transfer.importer import run_import
    from gaoxin.transfer.kinds import get_kind

    actor = Actor(user=users.leader, ip="127.0.0.1", source="web")
    report = run_import(get_kind("enterprises"), _csv(11), "a.csv", actor, dry_run=True)
    assert not report.ok and "超过单次导入上限" in report.errors[0].message
