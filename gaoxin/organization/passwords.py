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
