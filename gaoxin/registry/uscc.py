"""统一社会信用代码 (GB 32100-2015): check character, validation with reasons, and generation.

Positions: 1 登记管理部门, 2 机构类别, 3–8 登记管理机关行政区划码 (GB/T 2260), 9–17 主体标识码, 18 校验码.
A division code missing from the current GB/T 2260 list is only a warning: divisions abolished after
the code was issued stay valid in the code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
FORBIDDEN = set("IOSVZ")
_VALUE = {c: i for i, c in enumerate(CHARSET)}


@dataclass
class CodeCheck:
    code: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


#: What a typed or pasted code may carry that is not part of it (after NFKC has made full-width forms
#: half-width and U+3000/NBSP plain spaces): whitespace, zero-width spaces and every hyphen or dash.
_DROP = re.compile(r"[\s\u200b\u2060\ufeff\-\u2010-\u2015\u2212\ufe63]")


def normalize(code) -> str:
    """The one normal form of a credit code, on every path (page, API, import, file-mode assess): NFKC
    (full-width digits and letters to half-width, U+3000 and NBSP to spaces), then spaces and hyphens
    removed, upper case (as python-stdnum's ``cn.uscc.compact``). The result is validated by :func:`check`."""
    if code is None:
        return ""
    return _DROP.sub("", unicodedata.normalize("NFKC", str(code))).upper()


def normalize_expr(expr):
    """:func:`normalize` as a Polars expression over a String column (nulls stay null)."""
    import polars as pl

    return expr.cast(pl.String).str.normalize("NFKC").str.replace_all(_DROP.pattern, "").str.to_uppercase()


def check_character(first17: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def check(code, divisions: set[str] | dict | None = None) -> CodeCheck:
    """Validate ``code``; ``divisions`` (GB/T 2260 codes) defaults to the shipped reference list."""
    text = normalize(code)
    result = CodeCheck(text)
    if len(text) != 18:
        result.errors.append(f"统一社会信用代码应为 18 位，当前为 {len(text)} 位")
        return result
    for pos, c in enumerate(text, start=1):
        if c in FORBIDDEN:
            result.errors.append(f"统一社会信用代码不得含有字母 I、O、S、V、Z（第 {pos} 位为“{c}”）")
            return result
        if c not in _VALUE:
            result.errors.append(f"统一社会信用代码第 {pos} 位“{c}”不是有效字符（只能是数字或大写字母）")
            return result
    if not text[2:8].isdigit():
        result.errors.append("统一社会信用代码第 3–8 位应为行政区划码（6 位数字）")
        return result
    if check_character(text[:17]) != text[17]:
        result.errors.append("统一社会信用代码校验码（第 18 位）不正确，请核对是否录入有误")
        return result
    if divisions is None:
        from .reference import divisions as load

        divisions = load()
    if text[2:8] not in divisions:
        result.warnings.append(
            f"统一社会信用代码中的行政区划码 {text[2:8]} 不在现行 GB/T 2260 代码表中（可能为已撤销区划），请核对"
        )
    return result


def make(division: str, body: str, department: str = "9", category: str = "1") -> str:
    """A valid code from its parts: ``body`` is the 9-character 主体标识码."""
    first17 = f"{department}{category}{division}{body}"
    if len(first17) != 17 or any(c not in _VALUE for c in first17):
        raise ValueError(f"invalid code parts: {first17!r}")
    return first17 + check_character(first17)
