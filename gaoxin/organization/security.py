"""Login lockout: after N consecutive failures the account is locked for M minutes (settings).

Home-made rather than django-axes, on purpose: axes checks "is this locked?" before authenticating and
records the failure afterwards through a signal, so a parallel burst passes the check before any failure
is counted — the very race this module closes. Here every attempt first *reserves* a slot with one
conditional UPDATE (failures + attempts in flight < threshold, and not locked), and only an attempt
holding a slot has its password checked, so at most ``threshold`` wrong passwords are ever checked in a
burst, however parallel. A success forgives the failures only when no other attempt is in flight, and is
refused when a parallel failure locked the account meanwhile, so a right password inside a guessing burst
cannot reset the counter. (A worker killed while hashing leaves its slot taken until the lock expires or
the security administrator unlocks the account.)

Unknown accounts, locked accounts and wrong passwords get the same message and the same work (one
password hash), so neither the text nor the timing tells an attacker which accounts exist.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from gaoxin.core.actions import record_security_event
from gaoxin.core.models.changelog import SecurityEventKind

BACKEND = "django.contrib.auth.backends.ModelBackend"
COUNT = IntegerField()


def refusal_message() -> str:
    """One text for every refused login (wrong password, unknown account, locked account)."""
    return (
        f"账号或密码错误。连续 {settings.LOCKOUT_THRESHOLD} 次登录失败的账号将锁定 "
        f"{settings.LOCKOUT_MINUTES} 分钟，如需提前解锁请联系安全管理员"
    )


class AccountLocked(Exception):
    """Kept for callers that tell a locked account apart internally (never shown to the person)."""

    def __init__(self, until):
        self.until = until
        super().__init__(refusal_message())


def check_credentials(request, username: str, password: str):
    """The user for these credentials, or None (wrong password, unknown or locked account)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        make_password(password)  # the same hashing work as a real check: no timing oracle
        return None
    if not _reserve_attempt(user):
        _count_refused(user)
        _stamp_lock(request, user)
        make_password(password)
        return None
    if user.check_password(password) and user.is_active:
        from .twofactor import asks_code

        # With a second factor to come, the password alone forgives nothing: the failures (wrong codes
        # too) are forgiven only by the whole sign-in (check_second_factor), else a known password would
        # buy unlimited code guesses, threshold − 1 at a time.
        if _settle_success(user, forgive=not asks_code(user)):
            user.failed_login_count, user.locked_until = 0, None
            user.backend = BACKEND
            return user
        return None  # a parallel failure locked the account while this password was being checked
    _settle_failure(user)
    _stamp_lock(request, user)
    return None


def _reserve_attempt(user) -> bool:
    """Take a slot before the password is checked; False when the account is locked or every slot is
    taken (failures so far + attempts still being checked reach the threshold).

    One conditional UPDATE: its condition is evaluated under the row lock the UPDATE takes, so parallel
    attempts cannot all see the same counts. An expired lock starts a fresh count.
    """
    User = type(user)
    now = timezone.now()
    expired = Q(locked_until__isnull=False, locked_until__lte=now)
    open_slot = Q(locked_until__isnull=True) & Q(
        failed_login_count__lt=settings.LOCKOUT_THRESHOLD - F("login_attempts_in_flight")
    )
    with transaction.atomic():
        return bool(
            User.objects.filter(Q(pk=user.pk) & (open_slot | expired)).update(
                failed_login_count=Case(
                    When(expired, then=Value(0)), default=F("failed_login_count"), output_field=COUNT
                ),
                login_attempts_in_flight=Case(
                    When(expired, then=Value(1)),
                    default=F("login_attempts_in_flight") + 1,
                    output_field=COUNT,
                ),
                locked_until=Case(When(expired, then=Value(None)), default=F("locked_until")),
            )
        )


def _count_refused(user) -> None:
    """An attempt refused because every slot is taken is a failure too (the burst it belongs to then
    locks the account even while the owner's right password is in flight); a locked account's
    refusals add nothing."""
    type(user).objects.filter(pk=user.pk, locked_until__isnull=True).update(
        failed_login_count=F("failed_login_count") + 1
    )


def _settle_failure(user) -> None:
    """The slot becomes a counted failure."""
    type(user).objects.filter(pk=user.pk).update(
        failed_login_count=F("failed_login_count") + 1,
        login_attempts_in_flight=Greatest(F("login_attempts_in_flight") - 1, Value(0), output_field=COUNT),
    )


def _settle_success(user, forgive: bool = True) -> bool:
    """Release the slot; False (refused) when the account got locked meanwhile.

    The failures are forgiven only when no other attempt is still being checked: inside a burst the
    others may yet fail, and forgiving their slots would let more guesses through than the threshold.
    ``forgive=False`` (a password right but a second factor still to come) forgives nothing.
    """
    kept = F("failed_login_count")
    return bool(
        type(user)
        .objects.filter(pk=user.pk, locked_until__isnull=True)
        .update(
            failed_login_count=Case(
                When(login_attempts_in_flight__lte=1, then=Value(0) if forgive else kept),
                default=kept,
                output_field=COUNT,
            ),
            login_attempts_in_flight=Greatest(
                F("login_attempts_in_flight") - 1, Value(0), output_field=COUNT
            ),
        )
    )


def _stamp_lock(request, user) -> None:
    """Lock the account once its count reached the threshold (exactly one request writes the lock)."""
    User = type(user)
    until = timezone.now() + dt.timedelta(minutes=settings.LOCKOUT_MINUTES)
    stamped = User.objects.filter(
        pk=user.pk, locked_until__isnull=True, failed_login_count__gte=settings.LOCKOUT_THRESHOLD
    ).update(locked_until=until)
    if stamped:
        record_security_event(
            SecurityEventKind.LOCKED,
            user,
            request=request,
            detail=f"连续 {settings.LOCKOUT_THRESHOLD} 次登录失败，锁定 {settings.LOCKOUT_MINUTES} 分钟",
        )


def check_second_factor(request, user, verify) -> bool:
    """The second step of a sign-in, under the same slots as the password: ``verify()`` (the code check)
    runs only while holding a slot, a wrong code is a counted failure that can lock the account, a locked
    account is refused even with the right code, and the whole sign-in's success forgives the failures."""
    user.refresh_from_db(fields=["is_active"])
    if not _reserve_attempt(user):
        _count_refused(user)
        _stamp_lock(request, user)
        return False
    if verify() and user.is_active:
        if _settle_success(user):
            user.failed_login_count, user.locked_until = 0, None
            return True
        return False
    _settle_failure(user)
    _stamp_lock(request, user)
    return False


def register_failure(request, user) -> None:
    """A failure counted outside the login form (e.g. a wrong second factor): one slot, then the lock."""
    if _reserve_attempt(user):
        _settle_failure(user)
        _stamp_lock(request, user)
