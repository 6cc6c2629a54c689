"""The strategy path a page supports (``สนับสนุนยุทธศาสตร์กรุงเทพมหานคร``): one line per level,
``1 ด้าน…``, ``1.2 เป้าหมาย…``, ``1.2.3 …`` (up to four levels), an English name after
`` : `` when given. The indicator belongs to the deepest level named."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpi_model.fiscal import thai_to_arabic_digits
from kpi_model.importer.detail_page.lines import DIGITS
from kpi_model.schema import TABLES

__all__ = ["StrategyPath", "read_strategy"]

_D = DIGITS
_STRATEGY = re.compile(
    rf"^:?\s*(?:(?:ด้านที่|มิติที่|เป้าหมายที่|ประเด็นยุทธศาสตร์ที่|ประเด็นที่|มาตรการที่|ยุทธศาสตร์ที่)\s*)?"
    rf"([{_D}]{{1,3}}(?:\.[{_D}]{{1,3}})*)\.?(?:\s*[-–—:]\s*|\s+)(\S.*)$"
)
_ENGLISH_TAIL = re.compile(r"^(.*?\S)\s+:\s+([A-Za-z][\x20-\x7e]*)$")


@dataclass(frozen=True)
class StrategyPath:
    """``strategies`` rows (each code once, first name wins), the deepest code, and the lines
    that are no strategy (kept for ``other_text``)."""

    rows: tuple[dict, ...]
    code: str | None
    other: tuple[str, ...]


def read_strategy(lines: tuple[str, ...]) -> StrategyPath:
    rows: dict[str, dict] = {}
    other: list[str] = []
    deepest: tuple[int, str] | None = None
    for line in lines:
        m = _STRATEGY.match(line)
        if not m:
            other.append(line)
            continue
        code = thai_to_arabic_digits(m.group(1))
        parts = code.split(".")
        name = m.group(2).strip()
        name_en: str | None = None
        en = _ENGLISH_TAIL.match(name)
        if en:
            name, name_en = en.group(1).strip(), en.group(2).strip()
        name = name.rstrip("%").strip()  # the copy marks a cut name with '%'
        if name_en:
            name_en = name_en.rstrip("%").strip() or None
        name = name.lstrip("-–—: ").strip()
        if not name or len(parts) > 4:
            other.append(line)
            continue
        if code in rows:
            continue
        rows[code] = {
            "strategy_code": code,
            "parent_code": ".".join(parts[:-1]) or None,
            "depth": len(parts),
            "name_th": name,
            "name_en": name_en,
        }
        if deepest is None or len(parts) > deepest[0]:
            deepest = (len(parts), code)
    names = TABLES["strategies"].names
    out = tuple({k: r.get(k) for k in names} for r in rows.values())
    return StrategyPath(out, deepest[1] if deepest else None, tuple(other))
