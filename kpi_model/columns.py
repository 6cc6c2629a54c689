"""The one registry of columns: for each column a reader meets, its Thai and English label in a
table, its Thai header in a file, how a table formats it, the words a code is written in, how
an export rounds it, whether an import reads it back, where the extract takes it from, and
which page tables carry it.

Tables (:mod:`ui.tables`), downloads (:mod:`kpi_model.export`), the importer
(:mod:`kpi_model.importer.columns`), the store's extract and the pack all read this module, so
a new column is an entry here and, when it is computed, its view — nothing else. Labels live
here, not in :mod:`kpi_model.i18n`, so a column cannot have one Thai name in a table and another
in its legend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from kpi_model.i18n import (
    accumulation_label,
    direction_label,
    direction_source_label,
    plan_source_label,
    recorded_status_label,
    severity_label,
    status_label,
)

__all__ = [
    "AGENCIES_TABLE",
    "COLUMNS",
    "COLUMN_NAMES",
    "EXPORT_ONLY_COLUMNS",
    "EXTRACT_COLUMNS",
    "STRATEGY_TABLE",
    "THAI_HEADERS",
    "ColumnSpec",
    "Format",
    "TableLayout",
    "column_label",
    "spec",
]

#: How a table shows a column's values: ``amount`` in the indicator's unit (two decimals at
#: most), ``count`` whole, ``percent`` / ``ratio`` a share as a whole percent, ``score`` 0–100
#: with one decimal, ``status`` / ``recorded`` words in the colour of the row's computed status
#: / BMA's recorded band, ``text`` as given.
Format = Literal["text", "amount", "count", "percent", "ratio", "score", "status", "recorded"]


def _status_words(code: Any, lang: str) -> str:
    return status_label(code if isinstance(code, str) else "no_data", lang)


def _inference_words(codes: Any, lang: str) -> str:
    from kpi_model.labels import inference_names  # labels reads this registry

    return " · ".join(inference_names(codes, lang))


@dataclass(frozen=True)
class ColumnSpec:
    """One column as people read it.

    ``label`` is (Thai, English) in a page's table, ``header_th`` the Thai header of a file (an
    import reads it back as this column), ``fmt`` its table format, ``words`` the words of its
    codes (tables in the reader's language; files in Thai, for computed columns only, so an
    import never meets them), ``digits`` the decimals an export rounds a computed number to.
    ``computed`` columns are written by an export and ignored by an import. ``extract_from``
    is (table of ``extract.sql``, column) when the analyst's extract carries it, in registry
    order; ``presence`` writes whether that table has a row there instead of its value. For a
    status or recorded column, ``codes_from`` names the column whose codes colour its cells.
    ``width`` and ``help_key`` (an :func:`kpi_model.i18n.t` key) are its header in a table."""

    name: str
    label: tuple[str, str] | None = None
    header_th: str | None = None
    fmt: Format = "text"
    digits: int | None = None
    computed: bool = False
    words: Callable[[Any, str], str] | None = None
    extract_from: tuple[str, str] | None = None
    presence: bool = False
    codes_from: str | None = None
    width: Literal["small", "medium", "large"] | None = None
    help_key: str | None = None

    def label_in(self, lang: str) -> str:
        """The table label in ``lang``; a column without one shows by its name."""
        if self.label is None:
            return self.name
        return self.label[1] if lang == "en" else self.label[0]


C = ColumnSpec

#: Every column, the analyst's extract's in the order it writes them first.
COLUMNS: tuple[ColumnSpec, ...] = (
    # -- the extract, in its order (the store's extract selects these, kpi_model.store.queries)
    C("fiscal_year", ("ปีงบประมาณ", "FY"), "ปีงบประมาณ", extract_from=("quarters_shown", "fiscal_year")),
    C("indicator_code", ("รหัส", "Code"), "รหัสตัวชี้วัด", extract_from=("quarters_shown", "indicator_code")),
    C("agency_code", ("รหัสหน่วยงาน", "Agency code"), "รหัสหน่วยงาน", extract_from=("indicators", "agency_code")),
    C("agency_name_th", None, "ชื่อหน่วยงาน", computed=True, extract_from=("agencies", "name_th")),
    C("agency_name_en", None, "ชื่อหน่วยงาน (อังกฤษ)", computed=True, extract_from=("agencies", "name_en")),
    C("name_th", None, "ชื่อตัวชี้วัด", extract_from=("indicators", "name_th")),
    C("name_en", None, "ชื่อตัวชี้วัด (อังกฤษ)", extract_from=("indicators", "name_en")),
    C("indicator_type", ("ประเภท", "Type"), "ประเภทตัวชี้วัด", extract_from=("indicators", "indicator_type")),
    C("result_level", None, "ระดับผลลัพธ์", extract_from=("indicators", "result_level")),
    C("unit", ("หน่วย", "Unit"), "ชนิดหน่วยนับ", extract_from=("indicators", "unit")),
    C("unit_th", ("หน่วย", "Unit"), "หน่วยนับ", extract_from=("indicators", "unit_th")),
    C(
        "direction",
        ("ทิศทาง (ที่มา)", "Direction (source)"),
        "ทิศทางที่ดี",
        extract_from=("indicators", "direction"),
        width="medium",
    ),
    C("direction_source", None, "ที่มาของทิศทาง", extract_from=("indicators", "direction_source")),
    C(
        "accumulation",
        None,
        "การนับผลงาน",
        words=accumulation_label,
        extract_from=("indicators", "accumulation"),
    ),
    C("accumulation_source", None, "ที่มาของการนับผลงาน", extract_from=("indicators", "accumulation_source")),
    C("target", ("เป้าหมาย", "Target"), "ค่าเป้าหมาย", fmt="amount", extract_from=("indicators", "target")),
    C(
        "achieved",
        ("ผลงานทั้งปี", "Annual result"),
        "ผลงานที่ทำได้ทั้งปี",
        fmt="amount",
        extract_from=("indicators", "achieved"),
    ),
    C("max_level", None, "ระดับสูงสุด", extract_from=("indicators", "max_level")),
    C("max_level_source", None, "ที่มาของระดับสูงสุด", extract_from=("indicators", "max_level_source")),
    C("weight", None, "น้ำหนัก", extract_from=("indicators", "weight")),
    C("strategy_code", ("ยุทธศาสตร์", "Strategy"), "รหัสยุทธศาสตร์", extract_from=("indicators", "strategy_code")),
    C("strategy_name_th", None, "ชื่อยุทธศาสตร์", computed=True, extract_from=("strategies", "name_th")),
    C("quarter", ("ไตรมาส", "Q"), "ไตรมาส", extract_from=("quarters_shown", "quarter")),
    C(
        "is_recorded",
        None,
        "มีผลไตรมาสในแหล่งข้อมูล",
        computed=True,
        extract_from=("quarterly_results", "quarter"),
        presence=True,
    ),
    C(
        "actual",
        ("ผลงานสะสม", "Actual (cum.)"),
        "ผลงานสะสม",
        fmt="amount",
        extract_from=("quarterly_results", "actual"),
    ),
    C(
        "planned_cum",
        None,
        "แผนสะสมที่บันทึก (ร้อยละของเป้าหมาย)",
        extract_from=("quarterly_results", "planned_cum"),
    ),
    C(
        "direction_used",
        None,
        "ทิศทางที่ใช้คำนวณ",
        computed=True,
        words=direction_label,
        extract_from=("quarters_shown", "direction"),
    ),
    C(
        "direction_used_source",
        None,
        "ที่มาของทิศทางที่ใช้คำนวณ",
        computed=True,
        words=direction_source_label,
        extract_from=("quarters_shown", "direction_source"),
    ),
    C(
        "accumulation_used",
        None,
        "การนับผลงานที่ใช้คำนวณ",
        computed=True,
        words=accumulation_label,
        extract_from=("quarters_shown", "accumulation"),
    ),
    C(
        "plan",
        ("แผนสะสม", "Plan (cum.)"),
        "แผนสะสมที่ใช้คำนวณ (สัดส่วนของเป้าหมาย)",
        fmt="percent",
        digits=4,
        computed=True,
        extract_from=("quarters_shown", "plan"),
    ),
    C(
        "plan_source",
        ("คำนวณเทียบ", "Computed against"),
        "คำนวณเทียบ",
        computed=True,
        words=plan_source_label,
        extract_from=("quarters_shown", "plan_source"),
        width="medium",
    ),
    C(
        "progress",
        ("ความก้าวหน้า", "Progress"),
        "ความก้าวหน้า (สัดส่วนของเป้าหมาย)",
        fmt="percent",
        digits=4,
        computed=True,
        extract_from=("quarters_shown", "progress"),
    ),
    C(
        "ratio",
        ("ผลเทียบแผน", "Ratio"),
        "ผลเทียบแผน",
        fmt="ratio",
        digits=4,
        computed=True,
        extract_from=("quarters_shown", "ratio"),
    ),
    C(
        "score_100",
        ("คะแนนที่คำนวณ", "Computed score"),
        "คะแนนที่คำนวณ (0–100)",
        fmt="score",
        digits=2,
        computed=True,
        extract_from=("quarters_shown", "score_100"),
    ),
    C(
        "status",
        ("สถานะที่คำนวณ", "Computed status"),
        "สถานะที่คำนวณ",
        fmt="status",
        computed=True,
        words=_status_words,
        extract_from=("quarters_shown", "status"),
        codes_from="status",
    ),
    C(
        "recorded_status",
        None,
        "ผลประเมินที่บันทึก (ระดับ)",
        computed=True,
        words=recorded_status_label,
        extract_from=("quarters_shown", "recorded_status"),
    ),
    C(
        "inferences",
        None,
        "การอนุมานที่รอนักวิเคราะห์ยืนยัน",
        computed=True,
        words=_inference_words,
        extract_from=("quarters_shown", "inferences"),
    ),
    C(
        "evaluation_score",
        ("ผลประเมิน กทม. (บันทึก)", "BMA evaluation (recorded)"),
        "ผลประเมินตัวชี้วัด (บันทึก)",
        extract_from=("quarterly_results", "evaluation_score"),
    ),
    C("score_2_1", ("2.1", "2.1"), "คะแนน 2.1 (บันทึก)", fmt="score", extract_from=("quarterly_results", "score_2_1")),
    C("score_2_2", ("2.2", "2.2"), "คะแนน 2.2 (บันทึก)", fmt="score", extract_from=("quarterly_results", "score_2_2")),
    C(
        "evaluator_score",
        ("คะแนน สยป.", "Evaluator"),
        "คะแนน สยป.",
        fmt="score",
        extract_from=("quarterly_results", "evaluator_score"),
    ),
    C("report_th", ("รายงานผล", "Report"), "รายงานผลการดำเนินงาน", extract_from=("quarterly_results", "report_th")),
    C("annual_ratio", None, "ผลเทียบเป้าหมายทั้งปี", digits=4, computed=True, extract_from=("annual_scores", "ratio")),
    C(
        "annual_score_100",
        None,
        "คะแนนทั้งปีที่คำนวณ (0–100)",
        digits=2,
        computed=True,
        extract_from=("annual_scores", "score_100"),
    ),
    C(
        "annual_score_5",
        None,
        "คะแนนทั้งปีที่คำนวณ (1–5)",
        digits=2,
        computed=True,
        extract_from=("annual_scores", "score_5"),
    ),
    C(
        "annual_status",
        ("สถานะทั้งปี", "Annual status"),
        "สถานะทั้งปีที่คำนวณ",
        computed=True,
        words=_status_words,
        extract_from=("annual_scores", "status"),
    ),
    C("definition", None, "นิยามตัวชี้วัด", extract_from=("indicators", "definition")),
    C("calculation", None, "วิธีการคำนวณ", extract_from=("indicators", "calculation")),
    C("data_sources", None, "แหล่งข้อมูล", extract_from=("indicators", "data_sources")),
    C("supporting_projects", None, "โครงการที่สนับสนุน", extract_from=("indicators", "supporting_projects")),
    C("audited_quarter", None, "ไตรมาสที่ สยป. ตรวจล่าสุด", extract_from=("indicators", "audited_quarter")),
    C("source", None, "แหล่งที่มาของข้อมูล", extract_from=("indicators", "source")),
    C("other_text", None, "ข้อความอื่นในหน้าต้นฉบับ", extract_from=("indicators", "other_text")),
    *(
        C(f"level_{n}", None, f"คำอธิบายระดับ {n}", extract_from=("level_descriptions", f"level_{n}"))
        for n in range(1, 6)
    ),
    # -- written beside the extract's columns (kpi_model.export) or by other exports
    C("fiscal_year_ce", None, "ปีงบประมาณ (ค.ศ.)", computed=True),
    C("agency_kind", None, "ประเภทหน่วยงาน", computed=True),
    C("strategy_name_en", None, "ชื่อยุทธศาสตร์ (อังกฤษ)", computed=True),
    C("score_5", ("คะแนน 1–5", "Score 1–5"), computed=True),
    C("flag_count", ("ข้อสังเกต", "Flags"), computed=True),
    *(
        C(name, computed=True)
        for name in (
            "status_th",
            "status_en",
            "recorded_score",
            "has_report",
            "read_as_percent",
            "is_reported",
            "bands_disagree",
            "tracks_plan",
            "has_setting",
            "rule",
            "level_reached",
            "flags",
            "flag_codes",
            "quarter_start",
            "quarter_end",
            "quarter_label",
            *(f"strategy_{n}{part}" for n in range(1, 5) for part in ("", "_name_th", "_name_en")),
            "dimension",
            "dimension_name_th",
            "dimension_name_en",
            "unit_label",
            "synthetic",
        )
    ),
    # -- the flags file of the data-quality page
    C("code", ("ข้อสังเกต", "Flag"), "รหัสข้อสังเกต"),
    C("flag_th", None, "ข้อสังเกต"),
    C("severity", ("ความรุนแรง", "Severity"), "ระดับความรุนแรง", words=severity_label),
    C("table", None, "ตาราง"),
    C("column", None, "คอลัมน์"),
    C("message_th", None, "รายละเอียด"),
    C("message_en", None, "รายละเอียด (อังกฤษ)"),
    C("check_th", None, "สิ่งที่ควรตรวจ"),
    C("check_en", None, "สิ่งที่ควรตรวจ (อังกฤษ)"),
    # -- columns a page's table makes from the stored ones (kpi_model.labels, the views)
    C("name", ("ชื่อตัวชี้วัด", "Indicator"), width="large"),
    C("agency_name", ("หน่วยงาน", "Agency"), width="medium"),
    C(
        "recorded",
        ("ผลประเมิน กทม. (บันทึก)", "BMA evaluation (recorded)"),
        fmt="recorded",
        codes_from="recorded_status",
        width="medium",
        help_key="strategy_recorded_help",
    ),
    C("computed_status", ("สถานะที่คำนวณ", "Computed status")),
    C("computed_against", ("คำนวณเทียบ", "Computed against")),
    C("recorded_summary", ("ผลประเมิน กทม. (บันทึก)", "BMA evaluation (recorded)")),
    C("inference", ("การอนุมาน", "Inference")),
    C("indicator_count", ("ตัวชี้วัด", "Indicators")),
    C("mean_score_100", ("คะแนนเฉลี่ย", "Mean score")),
    C("share_met", ("บรรลุ", "Met")),
    C("share_on_track", ("ใกล้เป้า", "On track")),
    C("share_behind", ("ต่ำกว่าเป้า", "Behind")),
    C("share_no_data", ("ไม่มีข้อมูล", "No data")),
    C("message", ("รายละเอียด", "Message")),
    C("score_prev", ("คะแนนที่คำนวณไตรมาสก่อน", "Previous computed score")),
    C("score_now", ("คะแนนที่คำนวณล่าสุด", "Latest computed score")),
    C("change", ("เปลี่ยนแปลง", "Change")),
    C("level", ("ระดับ", "Level")),
    C("description", ("รายละเอียด", "Description")),
    C("what_to_check", ("สิ่งที่ควรตรวจ", "What to check")),
    C("kind", ("ประเภทหน่วยงาน", "Kind")),
    C("rank", ("อันดับ", "Rank")),
    C("district", ("เขต", "District")),
    C("peer_group", ("กลุ่มเขต", "Peer group")),
    C("vs_city", ("เทียบค่าเฉลี่ยเมือง", "Against the city average")),
    C("share_met_pct", ("บรรลุ (%)", "Met (%)")),
    C("share_behind_pct", ("ต่ำกว่าเป้า (%)", "Behind (%)")),
    C("change_text", ("เทียบไตรมาสก่อน", "Change since the quarter before")),
    C("reporting", ("รายงานผล (ตัวชี้วัด)", "Reported (indicators)")),
    C("reporting_pct", ("รายงานผล (%)", "Reported (%)")),
    C("not_reported", ("ยังไม่รายงาน", "Not reported")),
    C("evidence", ("หลักฐาน (จากหน้า)", "Evidence (from the page)")),
    C("quarters", ("ไตรมาส", "Quarters")),
    C("verdict_now", ("ผลที่คำนวณตอนนี้ (ถ้ายืนยัน)", "Computed now (if confirmed)")),
    C("verdict_otherwise", ("ผลที่คำนวณถ้าตัดสินเป็นอย่างอื่น", "Computed if decided otherwise")),
    C("verdict_changes", ("ผลเปลี่ยนไหม", "Verdict changes?")),
)
del C

_BY_NAME: dict[str, ColumnSpec] = {c.name: c for c in COLUMNS}
assert len(_BY_NAME) == len(COLUMNS), "a column is registered twice"
#: Every registered column's name.
COLUMN_NAMES: frozenset[str] = frozenset(_BY_NAME)


def spec(name: str) -> ColumnSpec:
    """The registered column ``name`` (KeyError names it when it is not registered)."""
    return _BY_NAME[name]


def column_label(column: str, lang: str = "th") -> str:
    """The label of ``column`` in a table, in ``lang``; an unregistered or unlabelled column
    (a source file's own, named in a quality flag) shows by its name."""
    found = _BY_NAME.get(column)
    return found.label_in(lang) if found else str(column)


#: The Thai header each file writes for a column; an import reads it back as that column.
THAI_HEADERS: dict[str, str] = {c.name: c.header_th for c in COLUMNS if c.header_th}
#: Columns an export computes or joins for reading; an import ignores them.
EXPORT_ONLY_COLUMNS: frozenset[str] = frozenset(c.name for c in COLUMNS if c.computed)
#: The analyst's extract's columns, in the order it writes them.
EXTRACT_COLUMNS: tuple[ColumnSpec, ...] = tuple(c for c in COLUMNS if c.extract_from)


@dataclass(frozen=True)
class TableLayout:
    """The columns of a page's table of indicator-quarter rows: ``lead`` first (a phone shows
    them), ``details`` after them behind the page's details switch."""

    lead: tuple[str, ...]
    details: tuple[str, ...]

    def columns(self, details: bool) -> list[str]:
        return [*self.lead, *(self.details if details else ())]


#: The agencies page's table: status, score, BMA's evaluation and the name lead, worst first.
AGENCIES_TABLE = TableLayout(
    lead=(
        "status",
        "score_100",
        "recorded",
        "name",
        "indicator_code",
        "agency_name",
        "fiscal_year",
        "quarter",
        "inference",
    ),
    details=(
        "plan_source",
        "direction",
        "target",
        "actual",
        "unit",
        "plan",
        "progress",
        "ratio",
        "score_2_1",
        "score_2_2",
        "evaluator_score",
    ),
)
#: A strategy branch's indicators for one period (no year or quarter column).
STRATEGY_TABLE = TableLayout(
    lead=("status", "score_100", "recorded", "name", "indicator_code", "agency_name", "inference"),
    details=("plan_source", "direction", "target", "actual", "unit", "plan", "progress"),
)
