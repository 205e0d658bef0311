"""Masking of personal data (手机号, 身份证号) for roles that may not see it."""

import re


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = str(value)
    if len(digits) >= 7:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * len(digits)


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    s = str(value)
    if len(s) <= 8:
        return "*" * len(s)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def mask_name(value: str | None) -> str:
    if not value:
        return ""
    s = str(value)
    return s[0] + "*" * (len(s) - 1) if len(s) > 1 else s


def looks_like_phone(value: str) -> bool:
    return bool(re.fullmatch(r"1\d{10}|0\d{2,3}-?\d{7,8}", value or ""))


def mask_account(value: str | None) -> str:
    """A bank account keeps its last four digits (银行账号 ****1234)."""
    if not value:
        return ""
    s = str(value)
    return "*" * max(len(s) - 4, 0) + s[-4:] if len(s) > 4 else "*" * len(s)


#: Personal data by field name (model fields, export columns, change-log keys), and how each is masked.
#: An app holding another kind of personal data registers its field here (``register_personal``).
PERSONAL_FIELDS = {
    "phone": mask_phone,
    "contact_phone": mask_phone,
    "id_number": mask_id_number,
    "bank_account": mask_account,
}


def register_personal(field: str, mask=mask_phone) -> None:
    PERSONAL_FIELDS[field] = mask


#: A viewer that may see no personal data (where a page has no person at hand, e.g. a shared table).
NOBODY = object()


def may_see(viewer) -> bool:
    """None is the system (CLI, installer): it sees everything. A person needs ``personal_data.view``."""
    return viewer is None or bool(getattr(viewer, "may_see_personal_data", False))


def shown(field: str, value, viewer):
    """The one decision on personal data: ``value`` of ``field`` as ``viewer`` may see it.

    Every channel asks this — tables, detail pages, forms, API bodies, exports, change logs and the
    409 body of a stale save — so no channel can show more than another.
    """
    mask = PERSONAL_FIELDS.get(field)
    if mask is None or value in (None, "") or may_see(viewer):
        return value
    return mask(value)


def shown_diff(changes, viewer) -> list[tuple]:
    """(field, before, after) triples with personal values masked for ``viewer``."""
    return [(f, shown(f, a, viewer), shown(f, b, viewer)) for f, a, b in changes]


def unmasked_input(field: str, submitted, stored, viewer):
    """What a form or API field submitted by ``viewer`` means: the masked value they were shown,
    sent back unchanged, keeps the stored value (it is not a new phone number of asterisks)."""
    if submitted and stored and not may_see(viewer) and shown(field, stored, viewer) == submitted:
        return stored
    return submitted
