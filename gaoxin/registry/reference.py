"""The national code lists shipped in ``reference/`` (copies of /work/shared/reference): GB/T 2260
divisions, GB/T 4754-2017 industries, the 2016 high-tech domains. Pure Python, loaded once."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def _rows(name: str) -> list[dict]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def divisions() -> dict[str, str]:
    """code → name of every current county-level-or-above division."""
    return {r["code"]: r["name"] for r in _rows("gbt2260_divisions.csv")}


@cache
def industries() -> dict[str, dict]:
    """code (门类 letter, or 2–4 digits) → {name, level, section}."""
    return {r["code"]: r for r in _rows("gbt4754_2017.csv")}


@cache
def industry_sections() -> list[tuple[str, str]]:
    return [(code, r["name"]) for code, r in industries().items() if r["level"] == "门类"]


def normalize_industry(code: str | None) -> str | None:
    """'C3981' / '3981' / ' c3981 ' → 'C3981'; None if the code is not in GB/T 4754-2017."""
    if not code:
        return None
    text = str(code).strip().upper()
    if text.isalpha():
        return text if text in industries() and len(text) == 1 else None
    letter, digits = (text[0], text[1:]) if text[0].isalpha() else ("", text)
    row = industries().get(digits)
    if row is None or (letter and row["section"] != letter):
        return None
    return row["section"] + digits


def industry_name(code: str | None) -> str:
    if not code:
        return ""
    row = industries().get(code[1:] if code[0].isalpha() and len(code) > 1 else code)
    return row["name"] if row else ""


@cache
def hitech_domains() -> list[str]:
    """The eight 一级领域 names, in their printed order."""
    return [r["name"] for r in _rows("hitech_domains_2016.csv") if r["level"] == "一级领域"]
