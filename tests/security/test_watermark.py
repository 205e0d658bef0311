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
