"""Test helpers for the second factor: an enrolled authenticator and the codes it would show."""

from __future__ import annotations

import time


def code_for(device, steps: int = 0) -> str:
    """The 6-digit code the person's app shows now (``steps`` later: each code is accepted once, so a
    second sign-in within the same 30 s uses the next step, which the device's tolerance of 1 accepts)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def code_from_secret(secret: str, steps: int = 0) -> str:
    """The code an app shows for the base32 secret printed on the enrolment page (spaces allowed)."""
    import base64

    from django_otp.oath import TOTP

    text = secret.replace(" ", "").strip()
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    totp = TOTP(key, 30, 0, 6, 0)
    totp.time = time.time() + steps * 30
    return f"{totp.token():06d}"


def enrolled(user):
    """The person's confirmed authenticator (created once, as if enrolled on the page)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)


def verified_login(client, user):
    """force_login, then the session marked as verified by the person's authenticator — what the real
    two-step sign-in leaves behind (gaoxin.web.second_factor._finish). Administrators need it: a session
    of theirs without a verifying device is signed out by SecondFactorMiddleware."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from gaoxin.organization.twofactor import required

    client.force_login(user)
    if required(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = enrolled(user).persistent_id
        session.save()
    return client
