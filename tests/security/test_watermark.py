"""Watermark (issue 14 item 15): pages seen by someone who reads personal data unmasked carry the viewer's
name and the time; a zone setting turns it off."""

from __future__ import annotations


def test_pages_with_personal_data_carry_the_viewers_name(firm, users, client_for):
    html = client_for("leader").get(f"/enterprises/{firm.pk}/").content.decode()
    assert 'class="gaoxin-watermark"' in html and f"{users.leader.display_name}（leader）" in html


def test_masked_viewers_get_no_watermark(firm, client_for):
    html = client_for("staff1").get(f"/enterprises/{firm.pk}/").content.decode()
    assert "gaoxin-watermark" not in html


def test_the_zone_setting_turns_it_off(firm, users, client_for):
    zone = users.leader.zone
    zone.settings = {**zone.settings, "watermark": False}
    zone.save()
    html = client_for("leader").get(f"/enterprises/{firm.pk}/").content.decode()
    assert "gaoxin-watermark" not in html


def test_zone_settings_form_offers_the_watermark(client_for, users):
    html = client_for("sysadmin").get("/org/settings/").content.decode()
    assert 'name="watermark"' in html


def _print_header(content: bytes) -> str:
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return sheet.oddHeader.center.text or ""


def test_an_export_with_personal_data_names_its_viewer_in_the_print_header(firm, users, client_for):
    response = client_for("leader").get("/enterprises/export/")
    assert response.status_code == 200
    header = _print_header(response.content)
    assert f"{users.leader.display_name}（leader）" in header and "含个人信息" in header


def test_the_stamped_export_still_reads_back_with_the_same_cells(firm, client_for):
    import io

    import openpyxl

    content = client_for("leader").get("/enterprises/export/").content
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert firm.uscc in {cell for row in rows for cell in row}


def test_a_masked_viewers_export_and_the_setting_off_carry_no_watermark(firm, users, client_for):
    assert _print_header(client_for("staff1").get("/enterprises/export/").content) == ""
    zone = users.leader.zone
    zone.settings = {**zone.settings, "watermark": False}
    zone.save()
    assert _print_header(client_for("leader").get("/enterprises/export/").content) == ""


def test_an_export_without_personal_data_carries_no_watermark(firm, client_for):
    import io

    import openpyxl

    content = client_for("leader").get("/enterprises/years/export/").content
    assert openpyxl.load_workbook(io.BytesIO(content)).active.max_row > 1  # rows, yet no phone among them
    assert _print_header(content) == ""
