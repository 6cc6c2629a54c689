"""Numbers and codes as BMA pages and spreadsheets write them."""

from __future__ import annotations

import re

from kpi_model.fiscal import thai_to_arabic_digits

__all__ = ["agency_of", "normalise_code", "parse_number"]

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")


def parse_number(text: object) -> float | None:
    """'1,407.52' → 1407.52, '100.0000' → 100.0, '๑๒' → 12.0, '' / None → None.

    Raises ValueError for anything else (text is never read as 0)."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, (int, float)):
        if text != text:
            return None
        return float(text)
    s = thai_to_arabic_digits(str(text)).strip().replace("\u00a0", "").replace(" ", "")
    if s == "":
        return None
    if not _NUMBER.match(s):
        raise ValueError(f"not a number: {text!r}")
    return float(s.replace(",", ""))


def normalise_code(code: str) -> str:
    """The form codes are matched on: Arabic digits, each part zero-padded to 4
    ('5035-893' → '5035-0893'); the code itself is stored as written."""
    parts = thai_to_arabic_digits(code.strip()).split("-")
    return "-".join(p.zfill(4) if p.isdigit() else p for p in parts)


def agency_of(indicator_code: str) -> str:
    """The agency part of an indicator code: '0402-0810' → '0402'."""
    return thai_to_arabic_digits(indicator_code.strip()).split("-")[0]
