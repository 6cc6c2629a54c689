"""A level KPI's milestones, as its calculation lists them (``ระดับ 1 … ระดับ 5 …``), and its
``max_level``: the highest level listed (``page``), or NULL with ``assumed`` when it lists
none — never a silent 5 (derive assumes 5 and flags it)."""

from __future__ import annotations

import re

__all__ = ["levels_in", "max_level"]

_LEVEL_AT = r"ระดับ(?:ที่)?\s*{}(?![0-9๐-๙]|\.[0-9๐-๙])"


def levels_in(text: str) -> list[tuple[int, str]]:
    """'ระดับ 1 … ระดับ 2 … ระดับ 5 …' → [(1, '…'), …]; Thai digits too."""
    marks: list[tuple[int, int, int]] = []  # (level, start, end of the mark)
    pos = 0
    for level in range(1, 6):
        digit = f"[{level}{'๐๑๒๓๔๕'[level]}]"
        m = re.compile(_LEVEL_AT.format(digit)).search(text, pos)
        if not m:
            break
        marks.append((level, m.start(), m.end()))
        pos = m.end()
    if len(marks) < 2:
        return []
    out: list[tuple[int, str]] = []
    for i, (level, _start, end) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else len(text)
        out.append((level, text[end:stop].strip().lstrip(".:-–= ").strip()))
    return out


def max_level(unit: str, level_rows: list[tuple[int, str]], cut_in_list: bool) -> tuple[int | None, str | None]:
    """(max_level, max_level_source) of a level KPI: the highest level its calculation lists
    ('page'); none listed → (None, 'assumed'). A list the copy cut inside the calculation
    (``cut_in_list``) may lack its top levels, so it counts only when it reaches level 5.
    Other units: (None, None)."""
    if unit != "level":
        return None, None
    top = max((lv for lv, _ in level_rows), default=None)
    if top is None or (cut_in_list and top < 5):
        return None, "assumed"
    return top, "page"
