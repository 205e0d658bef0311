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
