"""Which columns a source table file may hold: a table's own, a flat sheet's, and the ones an
export adds (ignored on import, so an export can be imported back)."""

from __future__ import annotations

from collections.abc import Iterable

from kpi_model.schema import TABLES

__all__ = [
    "EXPORT_ONLY_COLUMNS",
    "EXPORT_ONLY_PREFIXES",
    "LEVEL_COLUMNS",
    "THAI_HEADERS",
    "canonical_header",
    "columns_of",
    "is_export_only",
    "thai_header",
]

#: Columns an export adds (computed, or joined for reading); ignored on import.
EXPORT_ONLY_COLUMNS: frozenset[str] = frozenset(
    {
        # computed per quarter (achievement / derive.quarter_scores)
        "progress",
        "plan",
        "plan_source",
        "ratio",
        "score_100",
        "status",
        "status_th",
        "status_en",
        "recorded_score",
        "has_report",
        "read_as_percent",
        "recorded_status",
        "is_reported",
        "bands_disagree",
        "tracks_plan",
        "has_setting",
        "inferences",
        "rule",
        # the direction and accumulation judged with (an analyst's setting applied)
        "direction_used",
        "direction_used_source",
        "accumulation_used",
        # an exported quarter with no quarterly_results row (shown as no data): not re-created
        # when left empty; a row given any recorded value is imported like any other
        "is_recorded",
        # computed per year (derive.annual_scores)
        "score_5",
        "level_reached",
        "flag_count",
        "flags",
        "flag_codes",
        # calendar helpers
        "fiscal_year_ce",
        "quarter_start",
        "quarter_end",
        "quarter_label",
        # joined names and strategy path
        "agency_name_th",
        "agency_name_en",
        "agency_kind",
        "strategy_name_th",
        "strategy_name_en",
        "strategy_1",
        "strategy_2",
        "strategy_3",
        "strategy_4",
        "strategy_1_name_th",
        "strategy_2_name_th",
        "strategy_3_name_th",
        "strategy_4_name_th",
        "strategy_1_name_en",
        "strategy_2_name_en",
        "strategy_3_name_en",
        "strategy_4_name_en",
        "dimension",
        "dimension_name_th",
        "dimension_name_en",
        "unit_label",
        "synthetic",
    }
)
#: Column-name prefixes an export uses for computed values (``annual_ratio``, ``annual_status``…).
EXPORT_ONLY_PREFIXES: tuple[str, ...] = ("annual_",)
#: The optional milestone-description columns of a flat sheet.
LEVEL_COLUMNS: tuple[str, ...] = tuple(f"level_{n}" for n in range(1, 6))


def is_export_only(name: str) -> bool:
    """Whether an import ignores column ``name`` (it is computed by an export), named in
    English or by its Thai export header."""
    name = canonical_header(name)
    return name in EXPORT_ONLY_COLUMNS or name.startswith(EXPORT_ONLY_PREFIXES)


def columns_of(table: str, header: Iterable[str]) -> tuple[set[str], list[str], str]:
    """(allowed column names, required ones, the Thai description for messages) of a sheet
    standing for ``table`` — a table's, or with ``table`` "" a flat sheet's (``quarter`` is
    required once any quarterly column is in ``header``).

    A column may be named by its Thai export header (:data:`THAI_HEADERS`): the allowed names
    hold both, and a required column is required under the name ``header`` uses for it."""
    header = list(header)
    if table:
        spec = TABLES[table]
        allowed, required, desc = set(spec.names), [c.name for c in spec.columns if c.required], f"ตาราง {table}"
    else:
        ind, qr = TABLES["indicators"], TABLES["quarterly_results"]
        q_only = {c.name for c in qr.columns if c.name not in ("indicator_code", "fiscal_year", "quarter")}
        allowed = set(ind.names) | set(qr.names) | set(LEVEL_COLUMNS)
        required = [c.name for c in ind.columns if c.required]
        if {canonical_header(h).strip().lower() for h in header} & q_only:
            required.append("quarter")
        desc = "แผ่นงานแบบแถวละตัวชี้วัด-ไตรมาส (indicators + quarterly_results)"
    given = {h.strip().lower() for h in header}
    thai = {c: THAI_HEADERS[c].strip().lower() for c in allowed if c in THAI_HEADERS}
    allowed |= set(thai.values())
    required = [thai[c] if c in thai and thai[c] in given and c not in given else c for c in required]
    return allowed, required, desc


#: The Thai header an export writes for each column (the extract and the flags file). An
#: import reads a Thai header as its column, so an export imports back unchanged; English
#: headers are read as before.
THAI_HEADERS: dict[str, str] = {
    "fiscal_year": "ปีงบประมาณ",
    "fiscal_year_ce": "ปีงบประมาณ (ค.ศ.)",
    "indicator_code": "รหัสตัวชี้วัด",
    "agency_code": "รหัสหน่วยงาน",
    "agency_name_th": "ชื่อหน่วยงาน",
    "agency_name_en": "ชื่อหน่วยงาน (อังกฤษ)",
    "agency_kind": "ประเภทหน่วยงาน",
    "name_th": "ชื่อตัวชี้วัด",
    "name_en": "ชื่อตัวชี้วัด (อังกฤษ)",
    "indicator_type": "ประเภทตัวชี้วัด",
    "result_level": "ระดับผลลัพธ์",
    "unit": "ชนิดหน่วยนับ",
    "unit_th": "หน่วยนับ",
    "direction": "ทิศทางที่ดี",
    "direction_source": "ที่มาของทิศทาง",
    "accumulation": "การนับผลงาน",
    "accumulation_source": "ที่มาของการนับผลงาน",
    "target": "ค่าเป้าหมาย",
    "achieved": "ผลงานที่ทำได้ทั้งปี",
    "max_level": "ระดับสูงสุด",
    "max_level_source": "ที่มาของระดับสูงสุด",
    "weight": "น้ำหนัก",
    "strategy_code": "รหัสยุทธศาสตร์",
    "strategy_name_th": "ชื่อยุทธศาสตร์",
    "strategy_name_en": "ชื่อยุทธศาสตร์ (อังกฤษ)",
    "quarter": "ไตรมาส",
    "is_recorded": "มีผลไตรมาสในแหล่งข้อมูล",
    "actual": "ผลงานสะสม",
    "planned_cum": "แผนสะสมที่บันทึก (ร้อยละของเป้าหมาย)",
    "direction_used": "ทิศทางที่ใช้คำนวณ",
    "direction_used_source": "ที่มาของทิศทางที่ใช้คำนวณ",
    "accumulation_used": "การนับผลงานที่ใช้คำนวณ",
    "plan": "แผนสะสมที่ใช้คำนวณ (สัดส่วนของเป้าหมาย)",
    "plan_source": "คำนวณเทียบ",
    "progress": "ความก้าวหน้า (สัดส่วนของเป้าหมาย)",
    "ratio": "ผลเทียบแผน",
    "score_100": "คะแนนที่คำนวณ (0–100)",
    "status": "สถานะที่คำนวณ",
    "recorded_status": "ผลประเมินที่บันทึก (ระดับ)",
    "inferences": "การอนุมานที่รอนักวิเคราะห์ยืนยัน",
    "evaluation_score": "ผลประเมินตัวชี้วัด (บันทึก)",
    "score_2_1": "คะแนน 2.1 (บันทึก)",
    "score_2_2": "คะแนน 2.2 (บันทึก)",
    "evaluator_score": "คะแนน สยป.",
    "report_th": "รายงานผลการดำเนินงาน",
    "annual_ratio": "ผลเทียบเป้าหมายทั้งปี",
    "annual_score_100": "คะแนนทั้งปีที่คำนวณ (0–100)",
    "annual_score_5": "คะแนนทั้งปีที่คำนวณ (1–5)",
    "annual_status": "สถานะทั้งปีที่คำนวณ",
    "definition": "นิยามตัวชี้วัด",
    "calculation": "วิธีการคำนวณ",
    "data_sources": "แหล่งข้อมูล",
    "supporting_projects": "โครงการที่สนับสนุน",
    "audited_quarter": "ไตรมาสที่ สยป. ตรวจล่าสุด",
    "source": "แหล่งที่มาของข้อมูล",
    "other_text": "ข้อความอื่นในหน้าต้นฉบับ",
    **{f"level_{n}": f"คำอธิบายระดับ {n}" for n in range(1, 6)},
    # the flags file of the data-quality page
    "code": "รหัสข้อสังเกต",
    "flag_th": "ข้อสังเกต",
    "severity": "ระดับความรุนแรง",
    "table": "ตาราง",
    "column": "คอลัมน์",
    "message_th": "รายละเอียด",
    "message_en": "รายละเอียด (อังกฤษ)",
    "check_th": "สิ่งที่ควรตรวจ",
    "check_en": "สิ่งที่ควรตรวจ (อังกฤษ)",
}
_FROM_THAI: dict[str, str] = {th.strip().lower(): en for en, th in THAI_HEADERS.items()}
assert len(_FROM_THAI) == len(THAI_HEADERS), "two columns share a Thai header"


def thai_header(name: str) -> str:
    """The Thai header of column ``name`` (the name itself when it has none)."""
    return THAI_HEADERS.get(name, name)


def canonical_header(header: str) -> str:
    """The column a header names: a Thai export header read back as its column
    (``ค่าเป้าหมาย`` → ``target``); any other header as written."""
    return _FROM_THAI.get(header.strip().lower(), header)
