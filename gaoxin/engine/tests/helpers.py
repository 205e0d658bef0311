"""Build engine input frames from compact test rows: money as '5000万元' / '1.2亿元' / 1200000 (元),
shares as '12.5%', years keyed by 'y-1' (relative to the assessment year) or by the calendar year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gaoxin.engine.catalog import catalog
from gaoxin.engine.frames import enterprises_frame, years_frame
from gaoxin.engine.units import to_fen, to_ppm, to_usd_e4

USCC = "91370100MA00000001"


def money(value) -> int | None:
    if value is None:
        return None
    text = str(value).replace(",", "")
    for unit in ("亿元", "万元", "元"):
        if text.endswith(unit):
            return to_fen(Decimal(text[: -len(unit)]), unit)
    return to_fen(Decimal(text))


def convert(field: str, value):
    f = catalog()[field]
    if value is None or f.kind != "num":
        return value
    if f.storage == "money":
        return money(value)
    if f.storage == "percent":
        return to_ppm(value)
    if f.storage == "usd100m":
        return to_usd_e4(value)
    return int(value)


def year_of(key, year: int) -> int:
    key = str(key)
    if key.startswith("y"):
        return year + int(key[1:] or 0)
    return int(key)


def frames(year: int, enterprise: dict | None = None, years: dict | None = None, uscc: str = USCC):
    ent = {"uscc": uscc, "name": "测试企业", "established_on": date(2010, 1, 1), "held": []}
    for k, val in (enterprise or {}).items():
        ent[k] = convert(k, val) if k in catalog() else val
    if isinstance(ent["established_on"], str):
        ent["established_on"] = date.fromisoformat(ent["established_on"])
    ent["held"] = [
        {
            **h,
            **{d: date.fromisoformat(str(h[d])) if h.get(d) else None for d in ("granted_on", "expires_on")},
        }
        for h in ent["held"]
    ]
    rows = [
        {"uscc": uscc, "year": year_of(key, year), **{f: convert(f, v) for f, v in fields.items()}}
        for key, fields in (years or {}).items()
    ]
    return years_frame(rows), enterprises_frame([ent])
