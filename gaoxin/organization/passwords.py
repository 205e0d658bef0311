import re

from django.core.exceptions import ValidationError


class ComplexityValidator:
    """At least three of: upper-case letters, lower-case letters, digits, symbols (等保 password policy)."""

    classes = (r"[A-Z]", r"[a-z]", r"\d", r"[^A-Za-z0-9]")

    def validate(self, password, user=None):
        kinds = sum(1 for c in self.classes if re.search(c, password or ""))
        if kinds < 3:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、特殊符号中的至少三类", code="password_complexity"
            )

    def get_help_text(self):
        return "密码须包含大写字母、小写字母、数字、特殊符号中的至少三类。"


_COMMON: set[str] | None = None


def _common_passwords() -> set[str]:
    global _COMMON
    if _COMMON is None:
        from django.contrib.auth.password_validation import CommonPasswordValidator

        _COMMON = CommonPasswordValidator().passwords
    return _COMMON


class NotCommonOrDerivedValidator:
    """Refuses a common password dressed up with capitals, digits and symbols (``Password123!`` is
    ``password``) and a password that contains the user name or the e-mail name (``Leader@2026x``).
    Django's CommonPasswordValidator and UserAttributeSimilarityValidator run beside it."""

    def validate(self, password, user=None):
        lowered = (password or "").lower()
        letters = re.sub(r"[^a-z]+", "", lowered)
        if letters and (
            letters in _common_passwords() or re.sub(r"[\d\W_]+$", "", lowered) in _common_passwords()
        ):
            raise ValidationError(
                "密码过于常见（常见词加数字或符号），请换一个", code="password_common_variant"
            )
        if user is not None:
            names = [getattr(user, "username", "") or "", (getattr(user, "email", "") or "").split("@")[0]]
            for name in names:
                if len(name) >= 3 and name.lower() in lowered:
                    raise ValidationError("密码不能包含用户名或邮箱名", code="password_contains_name")

    def get_help_text(self):
        return "不能是常见密码加数字或符号，也不能包含用户名。"


class PasswordHistoryValidator:
    """The new password may not be the current one nor any of the last ``count`` (default 5): re-using the
    current password would also restart the 90-day clock. Each change is remembered (its hash only)."""

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        from django.contrib.auth.hashers import check_password

        from .models import PasswordHistory

        recent = PasswordHistory.objects.filter(user_id=user.pk).order_by("-pk")
        hashes = list(
            dict.fromkeys([user.password, *recent.values_list("password", flat=True)[: self.count]])
        )
        if any(h and check_password(password, h) for h in hashes[: self.count]):
            raise ValidationError(
                f"新密码不能与当前密码或最近 {self.count} 次使用过的密码相同", code="password_reused"
            )

    def password_changed(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user_id=user.pk, password=user.password)
        keep = PasswordHistory.objects.filter(user_id=user.pk).order_by("-pk").values_list("pk", flat=True)
        stale = list(keep[self.count :])
        if stale:
            PasswordHistory.objects.filter(pk__in=stale).delete()

    def get_help_text(self):
        return f"不能与最近 {self.count} 次使用过的密码相同。"
