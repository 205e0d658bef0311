"""Two-factor sign-in (双因素认证, 等保 2.0 三级 身份鉴别): a password and a TOTP code (RFC 6238, django-otp's
TOTPDevice: an HMAC-SHA1 secret shared with the person's authenticator app), or one of ten recovery codes.

Who must: the three administrator roles always; everyone when the zone setting ``require_2fa_all`` is on;
and anyone who enrolled an authenticator (a confirmed device is always asked for). The login face
(gaoxin.web.second_factor) asks for the code before Django's ``login()``: a person between the two steps
has no session, so reaches nothing. ``SecondFactorMiddleware`` ends any session of a person who must use a
second factor but whose session was not verified by one (a session from before the zone setting was
turned on or the role was given, or whose device has since been reset).
"""

from __future__ import annotations

import base64
import hashlib
import secrets

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols, no 0/O or 1/I: 5 bits each
RECOVERY_LENGTH = 16  # 80 random bits: the stored SHA-256 digest cannot be searched back


def zone_requires_all(user) -> bool:
    from .models import Zone

    zone = user.zone if user.zone_id else Zone.objects.order_by("pk").first()
    return bool(zone is not None and zone.setting("require_2fa_all", False))


def required(user) -> bool:
    """Must this person sign in with a second factor (whether or not one is enrolled)?"""
    return user.is_admin_role or zone_requires_all(user)


def totp_device(user, confirmed: bool = True):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def asks_code(user) -> bool:
    """Does the login ask this person for a code (required, or an authenticator is enrolled)?"""
    return required(user) or totp_device(user) is not None


def token_allowed(user, created) -> bool:
    """A token of a person who must use a second factor counts only once an authenticator is enrolled and
    when it was issued after that (so in a session verified by it)."""
    if not required(user):
        return True
    device = totp_device(user)
    return device is not None and device.created_at is not None and created >= device.created_at


def secret_text(device) -> str:
    """The shared secret in base32, grouped by four, for typing into an app that cannot scan."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device) -> str:
    """The otpauth:// URL as an inline SVG QR code, drawn on the server (no external service, no script)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4)))
    return codes


def recovery_digest(code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()
