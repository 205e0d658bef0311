"""Personal data masking in every channel (issue 14 item 2): one function (core.masking.shown) decides.

staff1 (经济发展局) may edit enterprises but has no ``personal_data.view``; leader has it.
"""

from __future__ import annotations

from gaoxin.core.context import Actor
from gaoxin.core.masking import mask_phone
from gaoxin.registry import actions

from .conftest import PHONE

NEW = "13900001111"


def test_edit_form_shows_the_masked_phone_and_keeps_the_stored_one(firm, client_for):
    c = client_for("staff1")
    html = c.get(f"/enterprises/{firm.pk}/edit/").content.decode()
    assert PHONE not in html and mask_phone(PHONE) in html
    data = {
        "name": firm.name, "established_on": firm.established_on or "", "unit": firm.unit_id,
        "registered_capital": firm.registered_capital or "", "industry_code": firm.industry_code,
        "hitech_domain": firm.hitech_domain, "address": "新地址 1 号", "contact_name": firm.contact_name,
        "contact_phone": mask_phone(PHONE), "liaison": firm.liaison_id or "", "version": firm.version,
    }  # fmt: skip
    response = c.post(f"/enterprises/{firm.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    firm.refresh_from_db()
    assert firm.address == "新地址 1 号" and firm.contact_phone == PHONE


def test_change_log_panel_masks_before_and_after_for_the_viewer(firm, client_for, users):
    actions.update_enterprise(firm, {"contact_phone": NEW}, Actor(user=users.leader), firm.version)
    staff_page = client_for("staff1").get(f"/enterprises/{firm.pk}/").content.decode()
    assert PHONE not in staff_page and NEW not in staff_page
    assert mask_phone(PHONE) in staff_page and mask_phone(NEW) in staff_page
    leader_page = client_for("leader").get(f"/enterprises/{firm.pk}/").content.decode()
    assert PHONE in leader_page and NEW in leader_page


def test_stale_patch_409_body_masks_personal_values(firm, client_for, users):
    stale_version = firm.version
    actions.update_enterprise(firm, {"contact_phone": NEW}, Actor(user=users.leader), firm.version)
    response = client_for("staff1").patch(
        f"/api/v1/registry/enterprises/{firm.pk}",
        {"address": "x", "version": stale_version},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert PHONE not in body and NEW not in body and mask_phone(NEW) in body
    leader = client_for("leader").patch(
        f"/api/v1/registry/enterprises/{firm.pk}",
        {"address": "x", "version": stale_version},
        content_type="application/json",
    )
    assert leader.status_code == 409 and NEW in leader.content.decode()


def test_audit_page_masks_personal_values_for_the_auditor(firm, client_for, users):
    actions.update_enterprise(firm, {"contact_phone": NEW}, Actor(user=users.leader), firm.version)
    html = client_for("auditor").get("/org/audit/").content.decode()
    assert NEW not in html and mask_phone(NEW) in html


def test_list_api_and_export_agree_on_the_masked_value(firm, client_for):
    c = client_for("staff1")
    listing = c.get("/enterprises/").content.decode()
    api = c.get(f"/api/v1/registry/enterprises/{firm.pk}").json()
    assert PHONE not in listing and mask_phone(PHONE) in listing
    assert api["contact_phone"] == mask_phone(PHONE)
    assert (
        client_for("leader").get(f"/api/v1/registry/enterprises/{firm.pk}").json()["contact_phone"] == PHONE
    )


def test_api_patch_without_version_is_refused_naming_version(firm, client_for):
    """Item 8: optimistic locking is not optional."""
    response = client_for("leader").patch(
        f"/api/v1/registry/enterprises/{firm.pk}", {"address": "覆盖"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["version"]
    firm.refresh_from_db()
    assert firm.address != "覆盖"


def test_page_post_without_the_hidden_version_is_refused(firm, client_for):
    data = {"name": firm.name, "unit": firm.unit_id, "address": "覆盖", "contact_phone": PHONE}
    response = client_for("leader").post(f"/enterprises/{firm.pk}/edit/", data)
    assert response.status_code == 200
    firm.refresh_from_db()
    assert firm.address != "覆盖"
