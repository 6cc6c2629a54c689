"""Small hand-made tables for store and CLI tests."""

from __future__ import annotations

import pandas as pd

from kpi_model.schema import TABLES, coerce_frame


def indicator(code: str, fy: int = 2564, **values) -> dict:
    row = {c: None for c in TABLES["indicators"].names}
    row.update(indicator_code=code, fiscal_year=fy, agency_code=code.split("-")[0],
               name_th=f"ตัวชี้วัดทดสอบ {code}", unit="count", unit_th="แห่ง",
               direction="higher", target=12.0, achieved=None, strategy_code="7.3.1.1",
               source="test")
    row.update(values)
    return row


def result(code: str, quarter: int, actual: float | None, fy: int = 2564, **values) -> dict:
    row = {c: None for c in TABLES["quarterly_results"].names}
    row.update(indicator_code=code, fiscal_year=fy, quarter=quarter, actual=actual,
               report_th="รายงาน")
    row.update(values)
    return row


def small_tables() -> dict[str, pd.DataFrame]:
    """Two agencies, the strategy path 7 → 7.3.1.1, three indicators with results."""
    agencies = pd.DataFrame([
        {"agency_code": "0402", "name_th": "สำนักงานการเจ้าหน้าที่", "name_en": "Personnel Office", "kind": "office", "parent_code": None},
        {"agency_code": "5047", "name_th": "สำนักงานเขตบางนา", "name_en": "Bang Na District Office", "kind": "district", "parent_code": None},
    ])
    strategies = pd.DataFrame([
        {"strategy_code": "7", "parent_code": None, "depth": 1, "name_th": "การบริหารจัดการเมืองมหานคร", "name_en": "Management"},
        {"strategy_code": "7.3", "parent_code": "7", "depth": 2, "name_th": "การบริหารทรัพยากรบุคคล", "name_en": "HR"},
        {"strategy_code": "7.3.1", "parent_code": "7.3", "depth": 3, "name_th": "บุคลากรมืออาชีพ", "name_en": "Professional staff"},
        {"strategy_code": "7.3.1.1", "parent_code": "7.3.1", "depth": 4, "name_th": "การพัฒนาบุคลากร", "name_en": "Staff development"},
        {"strategy_code": "2", "parent_code": None, "depth": 1, "name_th": "มหานครสีเขียว สะดวกสบาย", "name_en": "Green"},
    ])
    indicators = pd.DataFrame([
        indicator("0402-0001", weight=2.0),
        indicator("0402-0002"),
        indicator("5047-0712", strategy_code="2"),
    ])
    results = pd.DataFrame([
        result("0402-0001", 1, 3.0), result("0402-0001", 2, 6.0),
        result("0402-0002", 1, 1.0), result("0402-0002", 2, None),
        result("5047-0712", 1, 0.0), result("5047-0712", 2, 20.0),
    ])
    return {
        "agencies": coerce_frame("agencies", agencies),
        "strategies": coerce_frame("strategies", strategies),
        "indicators": coerce_frame("indicators", indicators),
        "indicator_levels": coerce_frame("indicator_levels", pd.DataFrame(columns=TABLES["indicator_levels"].names)),
        "quarterly_results": coerce_frame("quarterly_results", results),
    }
