"""The ``peer_groups`` table on import: an analyst's grouping of agencies (BMA's six กลุ่มเขต,
inner / outer city, …), one group per agency, each row naming its source. Imported like any
small table (``peer_groups.csv``: agency_code, group_th, group_en, source); an incoming row
replaces the stored row of the same agency. The store ships none: no complete, citable list of
BMA's district groups was found, and a guess is not reference data."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kpi_model.errors import Problem
from kpi_model.importer.settings_table import Part, _origins

__all__ = ["PEER_GROUPS", "peer_group_problems"]

PEER_GROUPS = "peer_groups"


def peer_group_problems(agencies: pd.DataFrame, parts: Iterable[Part]) -> list[Problem]:
    """Incoming peer-group rows naming an agency code the agency list (after the call's own
    agencies are merged) does not hold, each by file, row and column."""
    known = {str(c) for c in agencies["agency_code"]}
    problems: list[Problem] = []
    for file, table, frame in parts:
        if table != PEER_GROUPS or not len(frame):
            continue
        for (label, row), code in zip(_origins(file, frame), frame["agency_code"]):
            if pd.isna(code) or str(code).strip() not in known:
                problems.append(
                    Problem(
                        label,
                        row,
                        "agency_code",
                        f"ไม่มีหน่วยงานรหัส {code} ในรายชื่อหน่วยงาน จึงจัดกลุ่มไม่ได้ (ตรวจรหัส หรือนำเข้าหน่วยงานนั้นก่อน)",
                        f"the agency list holds no agency {code}, so it cannot be put in a peer group "
                        "(check the code, or import the agency first)",
                    )
                )
    return problems
