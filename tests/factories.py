"""Small hand-made tables for store and CLI tests."""

from __future__ import annotations

import pandas as pd

from kpi_model.schema import TABLES, coerce_frame


def indicator(code: str, fy: int = 2564, **values) -> dict:
    row = dict.fromkeys(TABLES["indicators"].names)
    row.update(
        indicator_code=code,
        fiscal_year=fy,
        agency_code=code.split("-")[0],
        name_th=f"ตัวชี้วัดทดสอบ {code}",
        unit="count",
        unit_th="แห่ง",
        direction="higher",
        target=12.0,
        achieved=None,
        strategy_code="7.3.1.1",
        source="test",
    )
    row.update(values)
    return row


def result(code: str, quarter: int, actual: float | None, fy: int = 2564, **values) -> dict:
    row = dict.fromkeys(TABLES["quarterly_results"].names)
    row.update(indicator_code=code, fiscal_year=fy, quarter=quarter, actual=actual, report_th="รายงาน")
    row.update(values)
    return row


def small_tables() -> dict[str, pd.DataFrame]:
    """Two agencies, the strategy path 7 → 7.3.1.1, three indicators with results."""
    agencies = pd.DataFrame(
        [
            {
                "agency_code": "0402",
                "name_th": "สำนักงานการเจ้าหน้าที่",
                "name_en": "Personnel Office",
                "kind": "office",
                "parent_code": None,
            },
            {
                "agency_code": "5047",
                "name_th": "สำนักงานเขตบางนา",
                "name_en": "Bang Na District Office",
                "kind": "district",
                "parent_code": None,
            },
        ]
    )
    strategies = pd.DataFrame(
        [
            {
                "strategy_code": "7",
                "parent_code": None,
                "depth": 1,
                "name_th": "การบริหารจัดการเมืองมหานคร",
                "name_en": "Management",
            },
            {"strategy_code": "7.3", "parent_code": "7", "depth": 2, "name_th": "การบริหารทรัพยากรบุคคล", "name_en": "HR"},
            {
                "strategy_code": "7.3.1",
                "parent_code": "7.3",
                "depth": 3,
                "name_th": "บุคลากรมืออาชีพ",
                "name_en": "Professional staff",
            },
            {
                "strategy_code": "7.3.1.1",
                "parent_code": "7.3.1",
                "depth": 4,
                "name_th": "การพัฒนาบุคลากร",
                "name_en": "Staff development",
            },
            {
                "strategy_code": "2",
                "parent_code": None,
                "depth": 1,
                "name_th": "มหานครสีเขียว สะดวกสบาย",
                "name_en": "Green",
            },
        ]
    )
    indicators = pd.DataFrame(
        [
            indicator("0402-0001", weight=2.0),
            indicator("0402-0002"),
            indicator("5047-0712", strategy_code="2"),
        ]
    )
    results = pd.DataFrame(
        [
            result("0402-0001", 1, 3.0),
            result("0402-0001", 2, 6.0),
            result("0402-0002", 1, 1.0),
            result("0402-0002", 2, None),
            result("5047-0712", 1, 0.0),
            result("5047-0712", 2, 20.0),
        ]
    )
    return {
        "agencies": coerce_frame("agencies", agencies),
        "strategies": coerce_frame("strategies", strategies),
        "indicators": coerce_frame("indicators", indicators),
        "indicator_levels": coerce_frame("indicator_levels", pd.DataFrame(columns=TABLES["indicator_levels"].names)),
        "quarterly_results": coerce_frame("quarterly_results", results),
    }


def verdict_tables() -> dict[str, pd.DataFrame]:
    """:func:`small_tables` and one indicator of each kind a verdict must explain (FY 2564):

    * 0402-0003 "ไม่เกิน 60 ราย", inferred lower, cumulative 4 / 31 / 40 / 55 — caps 15 / 30 /
      45 / 60, ratios 3.75 / 0.968 / 1.125 / 1.09: met, on track, met, met; BMA recorded 100
      on Q1–Q2 (audited Q2, สยป. 100), placeholder zeros after;
    * 0402-0004 a complaint-resolution rate against 95, set to snapshot by an analyst:
      96 / 98 / 70 / 99 — 70 ÷ 95 = 0.737 behind in Q3;
    * 5047-0005 target 12: 5, 8, then a 0 with a report of "-" (not reported) and no Q4;
    * 9999-0001 an agency code the agency list does not hold: 1 of 10 in Q1 (behind);
    * 0402-0006 in dimension 1 with no result at all (a branch with no score)."""
    tables = small_tables()
    tables["strategies"] = coerce_frame(
        "strategies",
        pd.concat(
            [
                tables["strategies"],
                pd.DataFrame(
                    [
                        {
                            "strategy_code": "1",
                            "parent_code": None,
                            "depth": 1,
                            "name_th": "มหานครปลอดภัย",
                            "name_en": "Safe city",
                        },
                    ]
                ),
            ],
            ignore_index=True,
        ),
    )
    indicators = pd.concat(
        [
            tables["indicators"],
            pd.DataFrame(
                [
                    indicator(
                        "0402-0003",
                        name_th="จำนวนผู้ป่วยโรคไข้เลือดออก ไม่เกิน 60 ราย",
                        unit_th="ราย",
                        target=60.0,
                        direction="lower",
                        direction_source="inferred",
                        audited_quarter=2,
                        achieved=55.0,
                    ),
                    indicator(
                        "0402-0004",
                        name_th="ร้อยละของเรื่องร้องเรียนที่แก้ไขได้",
                        unit="percent",
                        unit_th="ร้อยละ",
                        target=95.0,
                        achieved=99.0,
                    ),
                    indicator("5047-0005", strategy_code="2"),
                    indicator("9999-0001", target=10.0, strategy_code="2"),
                    indicator("0402-0006", strategy_code="1"),
                ]
            ),
        ],
        ignore_index=True,
    )
    results = pd.concat(
        [
            tables["quarterly_results"],
            pd.DataFrame(
                [
                    result("0402-0003", 1, 4.0, evaluation_score=100.0),
                    result("0402-0003", 2, 31.0, evaluation_score=100.0, evaluator_score=100.0),
                    result("0402-0003", 3, 40.0, evaluation_score=0.0),
                    result("0402-0003", 4, 55.0, evaluation_score=0.0),
                    result("0402-0004", 1, 96.0),
                    result("0402-0004", 2, 98.0),
                    result("0402-0004", 3, 70.0),
                    result("0402-0004", 4, 99.0),
                    result("5047-0005", 1, 5.0),
                    result("5047-0005", 2, 8.0),
                    result("5047-0005", 3, 0.0, report_th="-"),
                    result("9999-0001", 1, 1.0),
                ]
            ),
        ],
        ignore_index=True,
    )
    settings = pd.DataFrame(
        [
            dict.fromkeys(TABLES["indicator_settings"].names)
            | {
                "indicator_code": "0402-0004",
                "fiscal_year": 2564,
                "accumulation": "snapshot",
                "note": "อัตรารายไตรมาส",
                "set_by": "somchai",
                "set_at": "2024-07-15T13:02+07:00",
            }
        ]
    )
    tables["indicators"] = coerce_frame("indicators", indicators)
    tables["quarterly_results"] = coerce_frame("quarterly_results", results)
    tables["indicator_settings"] = coerce_frame("indicator_settings", settings)
    return tables


REVIEW_LOWER, REVIEW_ZERO = "0402-0003", "0402-0004"


def review_tables() -> dict[str, pd.DataFrame]:
    """:func:`small_tables` and two inferences to review (FY 2564, tests/model/test_review.py works
    them by hand): 0402-0003 "ไม่เกิน 60 ราย" whose lower direction is inferred from the wording
    (4 / 12 / 25 / 41: met, or behind if decided higher), and 0402-0004 whose target 0 is read
    as a placeholder (0, 0: no data, or met if 0 means none at all). 5047-0712 (0 / 20 against
    12) is flagged as looking like a snapshot."""
    tables = small_tables()
    extra = [
        indicator(
            REVIEW_LOWER,
            name_th="จำนวนผู้ป่วย ไม่เกิน 60 ราย",
            unit_th="ราย",
            direction="lower",
            direction_source="inferred",
            target=60.0,
            achieved=41.0,
        ),
        indicator(REVIEW_ZERO, name_th="สัดส่วนขยะที่คัดแยก", unit="percent", unit_th="ร้อยละ", target=0.0),
    ]
    results = [result(REVIEW_LOWER, q, v) for q, v in zip((1, 2, 3, 4), (4.0, 12.0, 25.0, 41.0))]
    results += [result(REVIEW_ZERO, 1, 0.0), result(REVIEW_ZERO, 2, 0.0)]
    tables["indicators"] = coerce_frame("indicators", pd.concat([tables["indicators"], pd.DataFrame(extra)]))
    tables["quarterly_results"] = coerce_frame(
        "quarterly_results", pd.concat([tables["quarterly_results"], pd.DataFrame(results)])
    )
    return tables


def trend_tables() -> dict[str, pd.DataFrame]:
    """:func:`small_tables`'s agencies and tree, with three indicators over FY 2564 Q4 and
    FY 2565 Q1–Q2 (target 12, cumulative, higher, the assumed linear plan 25/50/75/100 %):

    * 0402-0001 (weight 2): FY 2564 3 / 6 / 9 / 12 (Q4 100, met; BMA 100, audited Q4);
      FY 2565 3 (Q1 ratio 1, 100 met) then 4 (Q2 4 ÷ 12 ÷ 0.5 = 0.667, 66.67 behind);
      BMA 100, then 70 on the audited Q2 (behind);
    * 0402-0002 (weight blank = 1), FY 2565: 2.7 (0.225 ÷ 0.25 = 0.9, 90 on track) then 6
      (100, met); BMA 80 (audited Q1), then a placeholder 0 (not yet evaluated);
    * 5047-0712 (weight 1, dimension 2), FY 2565: no Q1 result (no data), then 3
      (0.25 ÷ 0.5 = 0.5, 50 behind); no recorded evaluation."""
    tables = small_tables()
    indicators = pd.DataFrame(
        [
            indicator("0402-0001", fy=2564, weight=2.0, audited_quarter=4, achieved=12.0),
            indicator("0402-0001", fy=2565, weight=2.0, audited_quarter=2),
            indicator("0402-0002", fy=2565, audited_quarter=1),
            indicator("5047-0712", fy=2565, strategy_code="2"),
        ]
    )
    results = pd.DataFrame(
        [
            result("0402-0001", 1, 3.0, fy=2564),
            result("0402-0001", 2, 6.0, fy=2564),
            result("0402-0001", 3, 9.0, fy=2564),
            result("0402-0001", 4, 12.0, fy=2564, evaluation_score=100.0, evaluator_score=100.0),
            result("0402-0001", 1, 3.0, fy=2565, evaluation_score=100.0),
            result("0402-0001", 2, 4.0, fy=2565, evaluation_score=70.0, evaluator_score=70.0),
            result("0402-0002", 1, 2.7, fy=2565, evaluation_score=80.0, evaluator_score=80.0),
            result("0402-0002", 2, 6.0, fy=2565, evaluation_score=0.0, score_2_1=0.0, score_2_2=0.0),
            result("5047-0712", 1, None, fy=2565),
            result("5047-0712", 2, 3.0, fy=2565),
        ]
    )
    tables["indicators"] = coerce_frame("indicators", indicators)
    tables["quarterly_results"] = coerce_frame("quarterly_results", results)
    return tables
