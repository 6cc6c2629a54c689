"""Thai and English labels in one table keyed by id. Thai is the first language.

Pages never write a label literal; they ask :func:`t` for it. Fiscal years show in BE; in
English mode the CE year stands beside (``FY 2564 (2021)``).
"""

from __future__ import annotations

from kpi_model.config import settings as default_settings
from kpi_model.fiscal import ENGLISH_MONTHS, THAI_MONTHS, THAI_MONTHS_ABBR, be_to_ce
from kpi_model.i18n_followup import FOLLOWUP_LABELS
from kpi_model.inference import INFERENCES
from kpi_model.quality import FLAG_CODES

__all__ = [
    "LABELS",
    "LANGS",
    "accumulation_label",
    "accumulation_source_label",
    "agency_label",
    "date_label",
    "direction_label",
    "direction_source_label",
    "flag_label",
    "fy_label",
    "inference_label",
    "name_of",
    "period_label",
    "plan_profile",
    "plan_source_label",
    "quarter_label",
    "recorded_status_label",
    "severity_label",
    "status_label",
    "t",
    "type_label",
    "unit_label",
    "unit_text",
]

LANGS = ("th", "en")

LABELS: dict[str, tuple[str, str]] = {
    # app and pages
    "app_title": ("ตัวชี้วัดกรุงเทพมหานคร", "BMA KPI Dashboard"),
    "page_overview": ("ภาพรวม", "Overview"),
    "page_strategy": ("ยุทธศาสตร์", "Strategy"),
    "page_agencies": ("หน่วยงานและไตรมาส", "Agencies & quarters"),
    "page_indicator": ("ตัวชี้วัด", "Indicator"),
    "page_quality": ("คุณภาพข้อมูล", "Data quality"),
    "page_districts": ("เขต", "Districts"),
    "districts_title": ("สำนักงานเขต 50 เขต เทียบกัน", "The 50 district offices side by side"),
    "districts_intro": (
        "คะแนนเฉลี่ยที่คำนวณของตัวชี้วัดแต่ละเขตในไตรมาสนี้ อันดับ 1 = คะแนนสูงสุด (คะแนนเท่ากันที่ทศนิยม 1 ตำแหน่งได้อันดับเดียวกัน)"
        " ค่าเฉลี่ยเมือง = ตัวชี้วัดของทุกเขตรวมกัน การเปลี่ยนแปลงเทียบไตรมาสก่อน"
        " (ไตรมาส 1 เทียบไตรมาส 4 ของปีก่อน) วัดเฉพาะตัวชี้วัดที่มีคะแนนทั้งสองไตรมาส",
        "Each district's mean computed score this quarter. Rank 1 = the highest score (scores equal to one decimal"
        " share a rank). City average = every district's indicators taken together. The change is against the"
        " quarter before (Q1 against Q4 of the year before), on the indicators scored in both quarters only.",
    ),
    "peer_group_none": (
        "ยังไม่มีการแบ่งกลุ่มเขต: ไม่พบรายชื่อกลุ่มเขตครบ 50 เขตจากแหล่งที่อ้างอิงได้ จึงไม่ใส่รายชื่อที่เดาเอง",
        "No peer groups: no complete list of BMA's district groups for all 50 districts was found in a citable"
        " source, so none is shipped rather than a guess.",
    ),
    "peer_group_import": (
        "นักวิเคราะห์นำเข้าการแบ่งกลุ่มเขตได้ที่หน้านำเข้าข้อมูล (รหัสหน่วยงาน ชื่อกลุ่ม และแหล่งที่มาของการแบ่งกลุ่ม)",
        "An analyst can import district groups on the import page (agency code, group name and where the grouping comes from).",
    ),
    "peer_group_filter": ("กลุ่มเขต", "Peer group"),
    "peer_group_sources": ("ที่มาของการแบ่งกลุ่ม: {sources}", "Peer groups from: {sources}"),
    "dimension_filter": ("ด้านยุทธศาสตร์", "Strategy dimension"),
    "map_measure": ("ระบายสีแผนที่ตาม", "Colour the map by"),
    "measure_mean_score_100": ("คะแนนเฉลี่ย (0–100)", "Mean score (0–100)"),
    "measure_share_behind": ("สัดส่วนต่ำกว่าเป้า", "Share behind"),
    "measure_share_met": ("สัดส่วนบรรลุ", "Share met"),
    "measure_reporting_share": ("สัดส่วนที่รายงานผล", "Share reported"),
    "district_map_title": ("แผนที่ 50 เขต", "Bangkok's 50 districts"),
    "district_map_hint": (
        "แตะหรือคลิกเขตเพื่อเปิดผลของเขตนั้นในหน้าหน่วยงานและไตรมาส เขตสีเทา = ไม่มีข้อมูล",
        "Tap or click a district to open it on the agencies & quarters page. Grey = no data.",
    ),
    "district_map_source": (
        "ขอบเขตเขต: pcrete/gsvloader-demo (MIT License) ปรับให้เรียบสำหรับหน้าจอ",
        "District boundaries: pcrete/gsvloader-demo (MIT License), simplified for the screen.",
    ),
    "districts_unplaced": (
        "เขตที่วางบนแผนที่ไม่ได้ (ชื่อไม่ตรงกับขอบเขตใด): {names}",
        "Districts not on the map (no boundary has their name): {names}",
    ),
    "district_league": ("ตารางเทียบเขต", "District league"),
    "city_average": ("ค่าเฉลี่ยเมือง (ทุกเขต)", "City average (all districts)"),
    "vs_city_above": ("สูงกว่าค่าเฉลี่ย", "above average"),
    "vs_city_below": ("ต่ำกว่าค่าเฉลี่ย", "below average"),
    "vs_city_at": ("เท่าค่าเฉลี่ย", "at the average"),
    "above_below_counts": (
        "สูงกว่าค่าเฉลี่ยเมือง {above} เขต · ต่ำกว่า {below} เขต · ไม่มีคะแนน {none} เขต",
        "{above} districts above the city average · {below} below · {none} without a score",
    ),
    "reporting_all": ("การรายงานผลของทุกหน่วยงาน", "Reporting by every agency"),
    "reporting_note": (
        "สัดส่วนตัวชี้วัดของปีงบประมาณที่รายงานผลในไตรมาสนี้ ไตรมาสถือว่าถึงกำหนดเมื่อมีหน่วยงานใดรายงานผลไตรมาสนั้นหรือไตรมาสหลังจากนั้นแล้ว",
        "The share of the fiscal year's indicators with a result reported this quarter. A quarter is due once any"
        " agency has reported it or a later quarter.",
    ),
    "reporting_not_due": (
        "ยังไม่มีหน่วยงานใดรายงานผลไตรมาสนี้ จึงยังไม่ถึงกำหนด",
        "Nobody has reported this quarter yet: it is not due.",
    ),
    "no_reports_flag": (
        "ไม่มีผลรายงานเลยในไตรมาสที่ถึงกำหนด ({n} หน่วยงาน): {names}",
        "No result reported in a due quarter ({n} agencies): {names}",
    ),
    "no_reports_none": (
        "ทุกหน่วยงานรายงานผลอย่างน้อยหนึ่งตัวชี้วัดในไตรมาสนี้",
        "Every agency reported at least one result this quarter.",
    ),
    "download_league_csv": ("ดาวน์โหลดตาราง (CSV)", "Download the table (CSV)"),
    "download_league_xlsx": ("ดาวน์โหลดตาราง (Excel)", "Download the table (Excel)"),
    "overview_title": ("ภาพรวมตัวชี้วัดกรุงเทพมหานคร", "BMA indicators at a glance"),
    "strategy_title": ("ผลการดำเนินงานตามยุทธศาสตร์", "Performance by strategy"),
    "agencies_title": ("ผลการดำเนินงานรายหน่วยงานและไตรมาส", "Performance by agency and quarter"),
    "indicator_title": ("รายละเอียดตัวชี้วัด", "Indicator detail"),
    "quality_title": ("คุณภาพข้อมูล", "Data quality"),
    "language": ("ภาษา", "Language"),
    "fiscal_year": ("ปีงบประมาณ (พ.ศ.)", "Fiscal year (BE)"),
    "fiscal_years": ("ปีงบประมาณ", "Fiscal years"),
    "quarter": ("ไตรมาส", "Quarter"),
    "quarters": ("ไตรมาส", "Quarters"),
    "agency": ("หน่วยงาน", "Agency"),
    "agencies": ("หน่วยงาน", "Agencies"),
    "strategy": ("ยุทธศาสตร์", "Strategy"),
    "strategy_branch": ("ด้าน / ประเด็น / เป้าหมาย / มาตรการ", "Dimension / issue / goal / measure"),
    "indicator_type": ("ประเภทตัวชี้วัด", "Indicator type"),
    "status": ("สถานะ", "Status"),
    "all": ("ทั้งหมด", "All"),
    "store_version": ("ข้อมูลรุ่น", "Store version"),
    "last_changed": ("ข้อมูลปรับปรุงล่าสุด", "Data last changed"),
    "import_unpublished": (
        "นำเข้าแล้ว แต่ยังส่งข้อมูลรุ่นนี้ไปยังที่เก็บข้อมูลกลางไม่ได้ เครื่องแสดงผลอื่นจึงยังไม่เห็น: {problem}",
        "Imported, but this version could not be sent to the shared storage, so the other servers do not show it yet: {problem}",
    ),
    "shared_unreachable": (
        "เชื่อมต่อที่เก็บข้อมูลกลางไม่ได้ตั้งแต่ {since} น. หน้านี้แสดงข้อมูลรุ่นล่าสุดที่ได้รับไว้ ซึ่งอาจยังไม่รวมการนำเข้าหลังจากนั้น",
        "The shared storage cannot be reached since {since}: this page shows the last version received, which may miss imports since then.",
    ),
    "period_on_page": (
        "หน้านี้เลือกปีงบประมาณและไตรมาสด้วยตัวกรองในหน้า",
        "This page picks its fiscal years and quarters in its own filters",
    ),
    "all_quarters": ("ทุกไตรมาส", "All quarters"),
    "legend_title": ("เกณฑ์สถานะที่คำนวณ", "Computed status"),
    "legend_met": ("ผลงานตั้งแต่ {met} ของแผน", "{met} of plan or more"),
    "legend_on_track": ("ตั้งแต่ {on_track} แต่ไม่ถึง {met}", "{on_track} to under {met}"),
    "legend_behind": ("ต่ำกว่า {on_track} ของแผน", "below {on_track} of plan"),
    "legend_no_data": ("ไม่มีผลงานที่ใช้ได้ (ไม่นับเป็น 0)", "no usable result (never counted as 0)"),
    "show_details": ("แสดงคอลัมน์รายละเอียดทั้งหมด", "Show every detail column"),
    "compared_on_previous": (
        "การเปลี่ยนแปลงจากไตรมาสก่อนวัดเฉพาะ {matched:,} ตัวชี้วัดที่มีทั้งสองไตรมาส (ไตรมาสนี้ {now:,} ไตรมาสก่อน {then:,})",
        "Changes from the previous quarter are measured on the {matched:,} indicators both quarters hold (this quarter {now:,}, the previous {then:,})",
    ),
    "compared_on_last_year": (
        "เทียบกับไตรมาสเดียวกันปีก่อนเฉพาะ {matched:,} ตัวชี้วัดที่มีทั้งสองปี (ปีนี้ {now:,} ปีก่อน {then:,})",
        "Compared with the same quarter last year on the {matched:,} indicators both years hold (this year {now:,}, last year {then:,})",
    ),
    "no_comparison": (
        "ไม่มีตัวชี้วัดชุดเดียวกันในไตรมาสที่จะเทียบ จึงไม่แสดงการเปลี่ยนแปลง",
        "No indicator is in both periods, so no change is shown",
    ),
    "what_to_check": ("สิ่งที่ควรตรวจ", "What to check"),
    "no_projection_closed": (
        "ปีงบประมาณนี้ปิดแล้ว จึงไม่คาดการณ์ผลสิ้นปี ดูผลทั้งปีด้านบน",
        "This fiscal year is closed, so there is no year-end projection: see the annual result above",
    ),
    "app_title_short": ("ตัวชี้วัด กทม.", "BMA KPI"),
    "scoring_stale": (
        "ผลในคลังข้อมูลรุ่นนี้คำนวณไว้ด้วยเกณฑ์ชุดก่อน หน้านี้จึงคำนวณใหม่ตามเกณฑ์ปัจจุบันขณะแสดง (ถูกต้อง แต่ช้ากว่าปกติ)"
        " ผู้ดูแลบันทึกผลที่คำนวณใหม่ได้ด้วยคำสั่ง `python -m kpi_model rescore`",
        "This store version's verdicts were stored under earlier settings, so this page scores it again under the"
        " settings in force as it shows it (right, but slower). An administrator stores them with"
        " `python -m kpi_model rescore`",
    ),
    "synthetic_banner": (
        "ข้อมูลสาธิต: ตัวชี้วัดส่วนใหญ่ในหน้านี้เป็นข้อมูลสมมุติเพื่อทดลองใช้งาน มีเพียงตัวชี้วัด 0402-0810 ที่มาจากหน้าจริงของ กทม.",
        "Demo data: most indicators shown are made up for trying the dashboard; only 0402-0810 comes from a real BMA page.",
    ),
    "assumed_plan_note": (
        "แผนสะสมเป็นค่าสมมติ (เส้นตรง 25-50-75-100) เพราะแหล่งข้อมูลไม่ได้ระบุแผน",
        "The plan is assumed (linear 25-50-75-100): the source records none.",
    ),
    "no_data": ("ไม่มีข้อมูลสำหรับตัวกรองที่เลือก", "No data for the chosen filters."),
    "no_flags": ("ไม่พบข้อสังเกตด้านคุณภาพข้อมูล", "No data-quality flags."),
    # headline
    "indicators_count": ("จำนวนตัวชี้วัด", "Indicators"),
    "mean_score": ("คะแนนเฉลี่ย (0–100)", "Mean score (0–100)"),
    "share_met": ("บรรลุเป้าหมาย", "Met"),
    "share_on_track": ("ใกล้เป้าหมาย", "On track"),
    "share_behind": ("ต่ำกว่าเป้าหมาย", "Behind"),
    "share_no_data": ("ไม่มีข้อมูล", "No data"),
    "vs_previous_quarter": ("เทียบไตรมาสก่อน", "vs previous quarter"),
    "vs_last_year": ("เทียบไตรมาสเดียวกันปีก่อน", "vs same quarter last year"),
    "target_vs_actual": ("แผนเทียบผลงาน (ร้อยละของเป้าหมายทั้งปี)", "Plan against actual (% of annual target)"),
    "plan": ("แผน", "Plan"),
    "actual": ("ผลงาน", "Actual"),
    "target": ("ค่าเป้าหมาย", "Target"),
    "achieved": ("ผลงานที่ทำได้", "Achieved"),
    "strategy_map": (
        "แผนภาพยุทธศาสตร์: ขนาดตามจำนวนตัวชี้วัด สีตามคะแนนเฉลี่ยที่คำนวณ",
        "Strategy map: size by number of indicators, colour by mean computed score",
    ),
    "agencies_behind": ("หน่วยงานที่ต่ำกว่าเป้าหมาย", "Agencies behind"),
    "movers": ("ตัวชี้วัดที่เปลี่ยนแปลงมากที่สุดในไตรมาสล่าสุด", "Biggest movers this quarter"),
    "movers_note": (
        "คะแนนที่คำนวณ (0–100) ไตรมาสนี้เทียบไตรมาสก่อนของตัวชี้วัดเดียวกัน การเปลี่ยนแปลงเป็นคะแนน",
        "The computed score (0–100) this quarter against the quarter before, for the same indicator; the change is in points",
    ),
    "mover_now": ("ไตรมาสนี้", "Now"),
    "mover_before": ("ไตรมาสก่อน", "Before"),
    "movers_up": ("ดีขึ้น", "Up"),
    "movers_down": ("ลดลง", "Down"),
    "change": ("เปลี่ยนแปลง", "Change"),
    "score_100": ("คะแนน (0–100)", "Score (0–100)"),
    "score_5": ("คะแนน (1–5)", "Score (1–5)"),
    "progress": ("ความก้าวหน้า", "Progress"),
    "ratio": ("ผลเทียบแผน", "Ratio to plan"),
    "breadcrumbs": ("เส้นทาง", "Path"),
    "children": ("รายการย่อย", "Below this branch"),
    "by_quarter": ("รายไตรมาส", "By quarter"),
    "status_share": ("สัดส่วนตามสถานะ", "Share by status"),
    "indicators_in_branch": ("ตัวชี้วัดในมาตรการนี้", "Indicators in this measure"),
    "whole_city": ("ทุกด้านยุทธศาสตร์", "All dimensions"),
    # agencies page
    "agency_filter": ("หน่วยงาน (รหัสหรือชื่อ)", "Agencies (code or name)"),
    "table": ("ตารางตัวชี้วัด", "Indicator table"),
    "heatmap": ("คะแนนเฉลี่ยรายหน่วยงาน × ไตรมาส", "Mean score by agency × quarter"),
    "download_csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "download_xlsx": ("ดาวน์โหลด Excel", "Download Excel"),
    "rows_shown": ("แสดง {n:,} แถว", "{n:,} rows shown"),
    "rows_capped": (
        "แสดง {shown:,} จาก {n:,} แถว ดาวน์โหลดได้ครบทุกแถว",
        "Showing {shown:,} of {n:,} rows; downloads hold them all",
    ),
    "open_indicator": ("เปิดตัวชี้วัด", "Open indicator"),
    "select_row_hint": ("คลิกแถวเพื่อเปิดรายละเอียดตัวชี้วัด", "Click a row to open the indicator"),
    # indicator page
    "indicator_code": ("รหัสตัวชี้วัด", "Indicator code"),
    "choose_indicator": ("เลือกตัวชี้วัด", "Choose an indicator"),
    "unknown_indicator": ("ไม่พบตัวชี้วัด {code} ปีงบประมาณ {fy}", "Indicator {code} FY {fy} not found"),
    "unit": ("หน่วยนับ", "Unit"),
    "result_level": ("ระดับผลลัพธ์", "Result level"),
    "audit": ("สยป. ตรวจประเมิน", "BMA evaluator's audit"),
    "audited_quarter": ("ไตรมาสที่ตรวจล่าสุด", "Last audited quarter"),
    "quarterly_table": ("ผลงานเทียบกับเป้าหมายรายไตรมาส", "Quarterly results against target"),
    "plan_vs_actual_chart": ("แผนสะสมเทียบผลงานสะสม", "Cumulative plan against actual"),
    "projection": ("คาดการณ์สิ้นปีตามแนวแผน", "Year-end projection on the plan curve"),
    "projection_text": (
        "ถ้าดำเนินงานตามสัดส่วนของแผนเดิม คาดว่าสิ้นปีจะได้ {value} {unit} ({share} ของเป้าหมาย) ยังต้องทำอีก {remaining} {unit}",
        "At the pace so far against the plan, the year ends near {value} {unit} ({share} of target); {remaining} {unit} still to go",
    ),
    "milestones": ("ขั้นความสำเร็จ (ระดับ 1–5)", "Milestone ladder (levels 1–5)"),
    "reports": ("รายงานผลรายไตรมาส", "Quarterly reports"),
    "no_report": ("ไม่มีรายงาน", "No report"),
    "definition": ("นิยาม หรือความหมายของตัวชี้วัด", "Definition"),
    "calculation": ("วิธีการคำนวณ หรือเกณฑ์การประเมิน", "Calculation / criteria"),
    "data_sources": ("วิธีการเก็บข้อมูล / แหล่งข้อมูล", "Data sources"),
    "strategy_path": ("สนับสนุนยุทธศาสตร์กรุงเทพมหานคร", "BMA strategy supported"),
    "supporting_projects": ("โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด", "Supporting projects"),
    "other_text": ("ข้อความอื่นในหน้าต้นฉบับ", "Other text on the source page"),
    "recorded_vs_computed": (
        "ผลประเมิน กทม. (บันทึก) เทียบคะแนนที่คำนวณ",
        "BMA's recorded evaluation against the computed score",
    ),
    "evaluation_score": ("ผลประเมินตัวชี้วัด (บันทึก)", "Evaluation score (recorded)"),
    "score_2_1": ("2.1 (บันทึก)", "2.1 (recorded)"),
    "score_2_2": ("2.2 (บันทึก)", "2.2 (recorded)"),
    "evaluator_score": ("คะแนน สยป.", "Evaluator's score"),
    "flags": ("ข้อสังเกตด้านคุณภาพข้อมูล", "Data-quality flags"),
    "other_years": ("ปีงบประมาณอื่นของตัวชี้วัดนี้", "This indicator in other fiscal years"),
    "annual": ("ผลทั้งปี", "Annual result"),
    "source": ("แหล่งที่มา", "Source"),
    "not_yet_evaluated": ("ยังไม่ประเมิน", "not yet evaluated"),
    # quality page
    "flag_code": ("ประเภทข้อสังเกต", "Flag"),
    "severity": ("ระดับความรุนแรง", "Severity"),
    "message": ("รายละเอียด", "Message"),
    "flag_counts": ("จำนวนข้อสังเกตตามประเภท", "Flags by kind"),
    "download_flags": ("ดาวน์โหลดข้อสังเกต (CSV)", "Download flags (CSV)"),
    # -- strategy page (more) --
    "strategy_rows_capped": (
        "แสดง {shown:,} จาก {n:,} ตัวชี้วัด: เลือกสาขาที่ลึกขึ้น หรือดาวน์โหลดทั้งหมดจากหน้าหน่วยงานและไตรมาส",
        "Showing {shown:,} of {n:,} indicators: choose a deeper branch, or download them all from Agencies & quarters",
    ),
    "strategy_depth_1": ("ด้านยุทธศาสตร์", "Dimensions"),
    "strategy_depth_2": ("ประเด็นยุทธศาสตร์", "Issues"),
    "strategy_depth_3": ("เป้าหมาย", "Goals"),
    "strategy_depth_4": ("มาตรการ", "Measures"),
    "strategy_level_0": ("แผนพัฒนากรุงเทพมหานคร 20 ปี", "BMA 20-year development plan"),
    "strategy_level_1": ("ด้าน", "Dimension"),
    "strategy_level_2": ("ประเด็นยุทธศาสตร์", "Issue"),
    "strategy_level_3": ("เป้าหมาย", "Goal"),
    "strategy_level_4": ("มาตรการ", "Measure"),
    "strategy_name": ("ชื่อ", "Name"),
    "strategy_mean_plan": ("แผนเฉลี่ย", "Mean plan"),
    "strategy_mean_progress": ("ผลงานเฉลี่ย", "Mean progress"),
    "strategy_quarters_title": ("แผนเทียบผลงานรายไตรมาส {fy}", "Plan against actual by quarter, {fy}"),
    "strategy_axis_share": ("ร้อยละของเป้าหมายทั้งปี", "% of annual target"),
    "strategy_children_table": ("{level}ภายใต้ {branch} ({n:,} รายการ)", "{level} under {branch} ({n:,})"),
    "strategy_children_hint": ("คลิกแถวเพื่อลงไปยังระดับถัดไป", "Click a row to go one level down"),
    "strategy_all_indicators": ("ตัวชี้วัดภายใต้ {branch} ({n:,} ตัวชี้วัด)", "Indicators under {branch} ({n:,})"),
    "strategy_no_indicators": (
        "ไม่มีตัวชี้วัดภายใต้สาขานี้ในช่วงเวลาที่เลือก",
        "No indicators under this branch in the chosen period.",
    ),
    "strategy_plan_mixed": (
        "แผนของ {assumed:,} จาก {total:,} รายการ (ตัวชี้วัด × ไตรมาส) เป็นค่าสมมติ",
        "{assumed:,} of {total:,} indicator-quarters use the assumed plan",
    ),
    "strategy_up_to": ("กลับไปที่ {name}", "Back to {name}"),
    "strategy_recorded_help": (
        "ผลประเมินตัวชี้วัดที่ กทม. บันทึกไว้ในระบบต้นทาง อ่านเป็นระดับ (100 = บรรลุ) ค่าศูนย์หลังไตรมาสที่ สยป. ตรวจล่าสุดคือยังไม่ประเมิน ไม่ใช่ไม่ผ่าน",
        "BMA's evaluation score as recorded in the source system, read as a band (100 = met); a zero after the last audited quarter means not yet evaluated, not a failure",
    ),
    # -- agencies page (more) --
    "period_short": ("ไตรมาส {q}/{fy}", "Q{q} FY {fy} ({ce})"),
    "download_all_rows": (
        "ไฟล์ดาวน์โหลดมีครบทุกแถวตามตัวกรอง ({n:,} แถว) รวมคอลัมน์ที่บันทึกและที่คำนวณ",
        "Downloads hold every row the filters select ({n:,} rows), recorded and computed columns",
    ),
    "heatmap_hint": (
        "สีตามคะแนนเฉลี่ยที่คำนวณ (0–100) ตามเกณฑ์สถานะด้านบน",
        "Colour = mean computed score (0–100), as in the status legend above",
    ),
    # -- indicator page (more) --
    "find_by_name": ("ค้นหาตัวชี้วัดจากชื่อหรือรหัส", "Find an indicator by name or code"),
    "unknown_code": (
        "ไม่พบรหัสตัวชี้วัด {code} ในข้อมูล จึงแสดง {shown} แทน",
        "Indicator code {code} is not in the data; showing {shown} instead",
    ),
    "year_fallback": (
        "ตัวชี้วัดนี้ไม่มีข้อมูล{fy} จึงแสดงปีล่าสุดที่มี ({shown}) ปีที่มีข้อมูล: {years}",
        "This indicator has no data for {fy}; showing its latest year ({shown}). Years with data: {years}",
    ),
    "audit_line": (
        "สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ {quarter}: {score}",
        "Evaluator's audit (สยป.): Q{quarter}: {score}",
    ),
    "not_audited": ("สยป. ยังไม่ได้ตรวจประเมินตัวชี้วัดนี้", "Not yet audited by the evaluator (สยป.)"),
    "synthetic_source": ("ข้อมูลสมมุติ (สาธิต) ไม่ใช่ข้อมูลจริง", "Synthetic demo data, not real"),
    "imported_source": ("ข้อมูลนำเข้าจากแฟ้มต้นฉบับ", "Imported from a source file"),
    "direction": ("ทิศทางที่ดี", "Good direction"),
    "level_reached": ("ระดับที่ทำได้", "Level reached"),
    "reached": ("ผ่านแล้ว", "Reached"),
    "not_reached": ("ยังไม่ถึง", "Not reached"),
    "level_n": ("ระดับ {level}", "Level {level}"),
    "report_quarter": ("รายงานผลฯ ไตรมาสที่ {quarter}", "Progress report, Q{quarter}"),
    "no_levels": ("ตัวชี้วัดนี้ไม่มีขั้นความสำเร็จ", "This indicator has no milestone levels"),
    "no_other_years": ("ไม่มีข้อมูลตัวชี้วัดนี้ในปีงบประมาณอื่น", "No other fiscal years for this indicator"),
    "open_year": ("เปิด{fy}", "Open {fy}"),
    "no_projection": (
        "ยังคาดการณ์ผลสิ้นปีไม่ได้ (ยังไม่มีผลงานรายไตรมาสหรือค่าเป้าหมาย)",
        "No year-end projection yet (no quarterly result or no target)",
    ),
    "assumed_plan_short": ("แผนสมมติ", "assumed plan"),
    "target_line": ("เป้าหมายทั้งปี (100%)", "Annual target (100%)"),
    "share_of_target": ("ร้อยละของเป้าหมายทั้งปี", "% of annual target"),
    "as_recorded": ("ตามที่บันทึก", "as recorded"),
    "recorded_score": ("ผลประเมิน กทม. (บันทึก)", "BMA evaluation (recorded)"),
    "annual_recorded": ("ผลงานที่ทำได้ {unit} : {value}", "Achieved ({unit}): {value}"),
    "target_recorded": ("ค่าเป้าหมาย {unit} : {value}", "Target ({unit}): {value}"),
    "scores_note": (
        "คะแนนที่คำนวณ = min(100, 100 × ผลเทียบแผน) เทียบกับผลประเมินที่บันทึกในระบบ (ระบบต้นฉบับไม่เผยแพร่สูตร จึงแสดงคู่กัน ไม่แทนที่)",
        "Computed score = min(100, 100 × ratio to plan) beside the score recorded in the source system (its rules are not published, so both are shown)",
    ),
    "read_as_percent_note": (
        "ผลงานบันทึกเป็นร้อยละของความสำเร็จ จึงอ่านความก้าวหน้าเป็น ผลงาน ÷ 100",
        "Results are recorded as percent of completion, so progress is read as result ÷ 100",
    ),
    # -- quality page (more) --
    "quality_note": (
        "ข้อสังเกตระดับ “ข้อผิดพลาด” ทำให้การนำเข้าถูกปฏิเสธ ส่วน “คำเตือน” (ควรแก้ไขข้อมูล) และ “เพื่อทราบ” (ควรทบทวน) ถูกเก็บไว้และแสดงในหน้านี้ เรียงจากรุนแรงที่สุด แต่ละข้อบอกสิ่งที่ควรตรวจ ค่าที่บันทึกไว้ไม่ถูกแก้ไข",
        "An “error” flag rejects an import; “warning” (the data should be fixed) and “for information” (worth a review) flags are kept and shown here, most severe first, each with what to check. Recorded values are never changed.",
    ),
    "flag_total": ("พบข้อสังเกต {n:,} รายการ", "{n:,} flags"),
    "flag_count_axis": ("จำนวนข้อสังเกต", "Number of flags"),
    "flag_column": ("คอลัมน์", "Column"),
    "all_years": ("ทุกปีงบประมาณ", "All years"),
    # -- import page (more) --
    "page_import": ("นำเข้าข้อมูล", "Import"),
    "import_title": ("นำเข้าข้อมูลตัวชี้วัด", "Import indicator data"),
    "import_intro": (
        "อัปโหลดหน้ารายละเอียดตัวชี้วัด (.txt) หรือตาราง CSV / XLSX ได้หลายไฟล์พร้อมกัน ระบบจะแสดงตัวอย่างก่อน ข้อมูลจะเปลี่ยนเมื่อกดยืนยันเท่านั้น",
        "Upload indicator detail pages (.txt) or CSV / XLSX tables, many at once. You see a preview first; nothing changes until you confirm.",
    ),
    "import_files": ("ไฟล์ที่จะนำเข้า", "Files to import"),
    "import_fy": ("ปีงบประมาณ (พ.ศ.) ถ้าหน้าไม่ระบุ", "Fiscal year (BE) if the page gives none"),
    "import_fy_help": (
        "เว้นว่างไว้เพื่ออ่านปีจากวันที่ในรายงานรายไตรมาส",
        "Leave empty to read the year from the dated quarterly reports",
    ),
    "import_max_size": ("ขนาดไม่เกิน {mb} MB ต่อไฟล์", "At most {mb} MB per file"),
    "import_preview": ("ตัวอย่างผลการนำเข้า (ยังไม่บันทึก)", "Preview (nothing saved yet)"),
    "import_files_read": ("ไฟล์ที่อ่าน", "Files read"),
    "import_added": ("ตัวชี้วัด-ปี ที่จะเพิ่ม", "Indicator-years to add"),
    "import_replaced": ("ตัวชี้วัด-ปี ที่จะแทนที่", "Indicator-years to replace"),
    "import_rejected": ("รายการที่ถูกปฏิเสธ", "Rejections"),
    "import_rejected_note": (
        "มีไฟล์ที่ถูกปฏิเสธ จึงยืนยันไม่ได้ แก้ไขไฟล์แล้วอัปโหลดใหม่ (การนำเข้าแต่ละครั้งบันทึกทุกไฟล์พร้อมกันหรือไม่บันทึกเลย)",
        "Some files were rejected, so the import cannot be confirmed. Fix them and upload again (an import saves all its files or none).",
    ),
    "import_nothing": ("ไม่มีข้อมูลใหม่ให้นำเข้า", "Nothing new to import."),
    "import_flags": ("ข้อสังเกตที่จะบันทึกไว้พร้อมข้อมูล", "Flags kept with the data"),
    "import_confirm": ("ยืนยันการนำเข้า", "Confirm import"),
    "import_done": (
        "นำเข้าเรียบร้อย: เพิ่ม {added} แทนที่ {replaced} ตัวชี้วัด-ปี · ข้อมูลรุ่น {version}",
        "Imported: {added} added, {replaced} replaced indicator-years · store version {version}",
    ),
    "import_already_done": ("ไฟล์ชุดนี้นำเข้าแล้ว", "These files have been imported."),
    "import_locked": ("มีการนำเข้าข้อมูลอื่นกำลังทำงานอยู่ โปรดลองใหม่อีกครั้ง", "Another import is running; try again."),
    "import_changed": (
        "ไฟล์หรือข้อมูลเปลี่ยนไปหลังแสดงตัวอย่าง โปรดตรวจตัวอย่างใหม่อีกครั้ง",
        "The files or the store changed after the preview; check the new preview.",
    ),
    "import_forbidden": ("หน้านี้สำหรับผู้มีสิทธิ์แก้ไขข้อมูลที่เข้าสู่ระบบแล้วเท่านั้น", "This page is for signed-in editors only."),
    "import_log": ("ประวัติการนำเข้าล่าสุด", "Recent imports"),
    "import_log_empty": ("ยังไม่มีประวัติการนำเข้า", "No imports yet."),
    "import_current": ("ข้อมูลรุ่นปัจจุบัน {version}", "Current store version {version}"),
    "file": ("ไฟล์", "File"),
    "line": ("บรรทัด / แถว", "Line / row"),
    "when": ("เวลา", "When"),
    "user": ("ผู้นำเข้า", "User"),
    "files": ("ไฟล์", "Files"),
    "sha256": ("SHA-256 (12 หลักแรก)", "SHA-256 (first 12)"),
    "added": ("เพิ่ม", "Added"),
    "replaced": ("แทนที่", "Replaced"),
    "rejected": ("ปฏิเสธ", "Rejected"),
    "version": ("ข้อมูลรุ่น", "Version"),
    "sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "sign_out": ("ออกจากระบบ", "Sign out"),
    "username": ("ชื่อผู้ใช้", "Username"),
    "password": ("รหัสผ่าน", "Password"),
    "sign_in_failed": ("เข้าสู่ระบบไม่สำเร็จ: ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Sign-in failed: wrong username or password."),
    "signed_in_as": ("เข้าสู่ระบบแล้ว ({role})", "Signed in ({role})"),
    "role_editor": ("ผู้แก้ไขข้อมูล", "editor"),
    "role_viewer": ("ผู้ชม", "viewer"),
    "role_agency_editor": ("ผู้แก้ไขของหน่วยงาน", "agency editor"),
    "role_analyst": ("นักวิเคราะห์ สยป.", "analyst"),
    "role_admin": ("ผู้ดูแลระบบ", "admin"),
    "sign_in_not_configured": (
        "การนำเข้าข้อมูลต้องเข้าสู่ระบบ (ยังไม่ได้ตั้งค่าบัญชีผู้ใช้)",
        "Importing needs a sign-in (no accounts are configured).",
    ),
    "sign_in_required": ("โปรดเข้าสู่ระบบ (แถบด้านข้าง) เพื่อดูข้อมูลตัวชี้วัด", "Please sign in (sidebar) to see the indicators."),
    # -- at a glance (issue 25): the overview's first screen, the trend, one legend --
    "share_not_met": ("ไม่บรรลุเป้าหมายทั้งปี", "Not met this year"),
    "share_not_met_help": (
        "ปีงบประมาณนี้สิ้นสุดแล้ว: ไตรมาส 4 คือผลทั้งปี ตัวชี้วัดที่ยังไม่ถึง 100% ของเป้าหมายนับเป็นไม่บรรลุ (ใกล้เป้าหมาย {on_track} + ต่ำกว่าเป้าหมาย {behind})",
        "This fiscal year is over: Q4 is the year's result; indicators short of 100% of target count as not met (on track {on_track} + behind {behind})",
    ),
    "worst_dimension": ("ด้านที่คะแนนต่ำสุด", "Lowest-scoring dimension"),
    "worst_dimension_help": (
        "ด้านยุทธศาสตร์ที่คะแนนเฉลี่ยที่คำนวณต่ำที่สุดในไตรมาสนี้ ต่ำกว่าเป้าหมาย {behind} ของตัวชี้วัดในด้านนี้",
        "The strategy dimension with the lowest mean computed score this quarter; {behind} of its indicators are behind",
    ),
    "worst_depth_2": ("ประเด็นที่คะแนนต่ำสุด", "Lowest-scoring issue"),
    "worst_depth_3": ("เป้าหมายที่คะแนนต่ำสุด", "Lowest-scoring goal"),
    "worst_depth_4": ("มาตรการที่คะแนนต่ำสุด", "Lowest-scoring measure"),
    "worst_depth_1": ("ด้านที่คะแนนต่ำสุด", "Lowest-scoring dimension"),
    "furthest_behind": ("หน่วยงานที่ต่ำกว่าเป้าหมายมากที่สุด", "Agencies furthest behind"),
    "furthest_behind_link": ("{agency} · คะแนน {score}", "{agency} · score {score}"),
    "furthest_behind_more": (
        "ทั้งหมด {n:,} หน่วยงานที่ต่ำกว่าเป้าหมาย ดูตารางด้านล่าง",
        "All {n:,} agencies behind are in the table below",
    ),
    "recorded_line_not_evaluated": (
        "ผลประเมิน กทม. (บันทึก): ยังไม่ได้ประเมินตัวชี้วัดทั้ง {n:,} รายการของไตรมาสนี้",
        "BMA's recorded evaluation: none of this quarter's {n:,} indicators has been evaluated yet",
    ),
    "recorded_line_none": (
        "ผลประเมิน กทม. (บันทึก): ไม่มีผลประเมินบันทึกสำหรับตัวชี้วัดทั้ง {n:,} รายการของไตรมาสนี้",
        "BMA's recorded evaluation: nothing is recorded for this quarter's {n:,} indicators",
    ),
    "recorded_line_met": (
        "ผลประเมิน กทม. (บันทึก): บรรลุทั้ง {n:,} ตัวชี้วัดของไตรมาสนี้",
        "BMA's recorded evaluation: all {n:,} of this quarter's indicators met",
    ),
    "recorded_line_not_met": (
        "ผลประเมิน กทม. (บันทึก): ไม่บรรลุทั้ง {n:,} ตัวชี้วัดของไตรมาสนี้",
        "BMA's recorded evaluation: all {n:,} of this quarter's indicators not met",
    ),
    "provenance": ("ที่มาของตัวเลข: นับอะไร เทียบแผนใด", "Where these figures come from"),
    "trend_title": ("แนวโน้ม 8 ไตรมาสล่าสุด", "The last eight quarters"),
    "trend_of": ("แนวโน้มของ", "Trend of"),
    "trend_city": ("ทั้งเมือง (ทุกตัวชี้วัด)", "The whole city (every indicator)"),
    "trend_dimension": ("ด้าน {code} {name}", "Dimension {code} {name}"),
    "trend_score": ("คะแนนเฉลี่ย (0–100)", "Mean score (0–100)"),
    "trend_behind": ("สัดส่วนต่ำกว่าเป้าหมาย", "Share behind"),
    "trend_computed": ("คำนวณ", "computed"),
    "trend_recorded": ("กทม. บันทึก", "BMA recorded"),
    "trend_tick": ("ไตรมาส {q}<br>{fy}", "Q{q}<br>FY {fy}"),
    "trend_hover_computed": (
        "{period}<br>คำนวณ: {value} ({n:,} ตัวชี้วัด)",
        "{period}<br>computed: {value} ({n:,} indicators)",
    ),
    "trend_hover_recorded": (
        "{period}<br>กทม. บันทึก: {value} (ประเมินแล้ว {n:,} ตัวชี้วัด)",
        "{period}<br>BMA recorded: {value} ({n:,} indicators evaluated)",
    ),
    "trend_note": (
        "เส้นทึบ = คำนวณเทียบแผน จากตัวชี้วัดทุกรายการของไตรมาสนั้น · เส้นประ = ผลประเมินที่ กทม. บันทึก เฉพาะตัวชี้วัดที่ประเมินแล้ว (ไตรมาสที่ยังไม่ประเมินไม่มีจุด ไม่ใช่ 0)",
        "Solid = computed against a plan, over every indicator of that quarter · dashed = BMA's recorded evaluation, over the indicators it has evaluated (a quarter not yet evaluated has no point, never 0)",
    ),
    "trend_no_recorded": (
        "กทม. ยังไม่ได้บันทึกผลประเมินในช่วงนี้ จึงมีแต่เส้นที่คำนวณ",
        "BMA has recorded no evaluation in these quarters: only the computed lines are drawn",
    ),
    "trend_empty": ("ไม่มีตัวชี้วัดในช่วง 8 ไตรมาสนี้", "No indicators in these eight quarters"),
    "recorded_chart_skipped": (
        "ไม่แสดงแผนภูมิผลประเมิน กทม. รายด้าน: ทุกด้านเป็นอย่างเดียวกัน ตามบรรทัดผลประเมินด้านบน",
        "No chart of BMA's evaluation by dimension: every dimension is the same, as the line above says",
    ),
    "legend_recorded_note": (
        "ผลประเมิน กทม. (บันทึก) แสดงก่อน ผลคำนวณอยู่ข้างกัน",
        "BMA's recorded evaluation comes first, the computed status beside it",
    ),
    "brief_trend_evaluated": ("กทม. ประเมินแล้ว (ตัวชี้วัด)", "BMA evaluated (indicators)"),
    "brief_trend_tick": ("{q}/{fy}", "Q{q} {fy}"),
    "brief_trend_row": ("ไตรมาส {q}/{fy}", "Q{q} FY {fy}"),
    "status_summary": (
        "ต่ำกว่าเป้าหมาย {behind:,} ({share_behind}) · ใกล้เป้าหมาย {on_track:,} · บรรลุ {met:,} · ไม่มีข้อมูล {no_data:,} (สถานะที่คำนวณ ตัวชี้วัด × ไตรมาส)",
        "Behind {behind:,} ({share_behind}) · on track {on_track:,} · met {met:,} · no data {no_data:,} (computed status, indicator × quarter)",
    ),
    "source_header": ("ข้อมูลตัวชี้วัดตามหน้าต้นทาง", "The indicator as its source page gives it"),
    "source_details": (
        "นิยาม วิธีคำนวณ แหล่งข้อมูล ยุทธศาสตร์ และโครงการสนับสนุน",
        "Definition, calculation, data sources, strategy and supporting projects",
    ),
    "scores_none": (
        "ยังไม่มีคะแนนที่ กทม. บันทึกหรือคะแนนที่คำนวณได้ในปีนี้ จึงไม่มีแผนภูมิ",
        "Neither a recorded nor a computed score this year, so there is no chart",
    ),
    "flag_check_first": ("ควรตรวจก่อน: {flag} ({n:,} รายการ)", "Check first: {flag} ({n:,})"),
    "strategy_map_click": (
        "สีตามเกณฑ์สถานะด้านบน · คลิกช่องเพื่อดูระดับถัดไป",
        "Colours as in the status legend above · click a tile to go one level down",
    ),
    # -- failing loudly and closed (issue 11) --
    "page_failed": (
        "หน้านี้แสดงไม่ได้เพราะเกิดข้อผิดพลาดที่ไม่คาดไว้ แจ้งผู้ดูแลระบบพร้อมรหัส {error_id}",
        "This page cannot be shown because of an unexpected error. Tell the administrators, quoting {error_id}.",
    ),
    "config_error": (
        "ระบบไม่เปิดให้ใช้งาน เพราะค่าตั้งค่าไม่ถูกต้อง โปรดแจ้งผู้ดูแลระบบ",
        "The dashboard is closed because a setting is wrong; please tell the administrator.",
    ),
    "sign_in_slowed": (
        "พยายามเข้าสู่ระบบบัญชีนี้ไม่สำเร็จหลายครั้ง โปรดรอ {seconds} วินาทีแล้วลองใหม่",
        "Several failed sign-ins to this account; wait {seconds} s and try again.",
    ),
    "sign_in_throttled": (
        "พยายามเข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป โปรดลองใหม่ในอีก {minutes} นาที",
        "Too many failed sign-ins; try again in {minutes} min.",
    ),
    "upload_throttled": (
        "อัปโหลดไฟล์รวมเกิน {mb} MB ภายในหนึ่งชั่วโมง โปรดลองใหม่ในอีก {minutes} นาที",
        "More than {mb} MB uploaded within an hour; try again in {minutes} min.",
    ),
    "import_log_damaged": (
        "บันทึกการนำเข้ามีบรรทัดที่เสียหาย {n} บรรทัด (บรรทัดที่ {lines}) จึงไม่ได้แสดงไว้ที่นี่",
        "The import log has {n} damaged line(s) (line {lines}), not shown here.",
    ),
    # -- verdicts a reader can check (DESIGN §6) --
    "thresholds_note": (
        "เกณฑ์สถานะที่คำนวณ (ผลงานเทียบแผน): บรรลุเป้าหมาย เมื่อได้ตั้งแต่ {met} ของแผน · ใกล้เป้าหมาย ตั้งแต่ {on_track} · ต่ำกว่าเป้าหมาย เมื่อน้อยกว่า {on_track} · ไม่มีข้อมูล เมื่อไม่มีผลงานที่ใช้ได้ (ไม่นับเป็น 0) · ผลประเมิน กทม. (บันทึก) แสดงก่อน ผลคำนวณอยู่ข้างกัน",
        "Computed status (result against plan): met at {met} of plan or more · on track from {on_track} · behind below {on_track} · no data when there is no usable result (never counted as 0) · BMA's recorded evaluation comes first, the computed status beside it",
    ),
    "recorded_headline": (
        "ผลประเมิน กทม. (บันทึก) ในไตรมาสนี้ · {n:,} ตัวชี้วัด",
        "BMA's recorded evaluation this quarter · {n:,} indicators",
    ),
    "computed_headline": ("สถานะที่คำนวณ", "Computed status"),
    "computed_status": ("สถานะที่คำนวณ", "Computed status"),
    "basis_headline": (
        "ตัวชี้วัด {n:,} รายการ · คำนวณเทียบแผน (สมมติ {assumed:,} รายการ)",
        "{n:,} indicators · computed against a plan ({assumed:,} assumed)",
    ),
    "basis_recorded_plan": ("แผนที่บันทึก {n:,}", "recorded plan {n:,}"),
    "basis_analyst_plan": ("แผนที่นักวิเคราะห์กำหนด {n:,}", "analyst's plan {n:,}"),
    "basis_target": ("เทียบค่าเป้าหมายทุกไตรมาส {n:,}", "against the target each quarter {n:,}"),
    "basis_lower": (
        "ยิ่งน้อยยิ่งดี {n:,} (อนุมานจากถ้อยคำ {inferred:,})",
        "lower is better {n:,} ({inferred:,} inferred from the wording)",
    ),
    "rec_met": ("กทม.: บรรลุ", "BMA: met"),
    "rec_not_met": ("กทม.: ไม่บรรลุ", "BMA: not met"),
    "rec_not_evaluated": ("กทม.: ยังไม่ประเมิน", "BMA: not yet evaluated"),
    "rec_none": ("ไม่มีผลประเมินบันทึก", "No evaluation recorded"),
    "rec_not_met_help": (
        "คะแนนที่ กทม. บันทึกต่ำกว่า 100: ใกล้เป้าหมาย {on_track:,} · ต่ำกว่าเป้าหมาย {behind:,}",
        "Recorded below 100: on track {on_track:,} · behind {behind:,}",
    ),
    "rec_not_evaluated_help": (
        "คะแนน 0 ที่ สยป. ยังไม่ได้ตรวจ (หลังไตรมาสที่ตรวจล่าสุด) ไม่ใช่ผลที่ไม่ผ่าน",
        "A 0 the evaluator (สยป.) has not audited yet: not a failure",
    ),
    "recorded_counts_text": (
        "บรรลุ {met:,} · ไม่บรรลุ {not_met:,} · ยังไม่ประเมิน {not_evaluated:,}",
        "met {met:,} · not met {not_met:,} · not yet evaluated {not_evaluated:,}",
    ),
    "recorded_counts_none": (" · ไม่มีผลบันทึก {none:,}", " · nothing recorded {none:,}"),
    "recorded_by_dimension": ("ผลประเมิน กทม. (บันทึก)", "BMA's recorded evaluation"),
    "computed_by_dimension": ("สถานะที่คำนวณ (เทียบแผน)", "Computed status (against a plan)"),
    "no_agencies_behind": (
        "ไม่มีหน่วยงานที่คะแนนเฉลี่ยที่คำนวณต่ำกว่า {limit} ในไตรมาสนี้",
        "No agency's mean computed score is below {limit} this quarter",
    ),
    "agencies_behind_note": (
        "เฉพาะหน่วยงานที่คะแนนเฉลี่ยที่คำนวณต่ำกว่า {limit} (เกณฑ์ใกล้เป้าหมาย) เรียงจากต่ำสุด: {n:,} หน่วยงานแรกจาก {behind:,} หน่วยงานที่ต่ำกว่าเป้าหมาย ({total:,} หน่วยงานที่มีคะแนน)",
        "Only agencies whose mean computed score is below {limit} (the on-track threshold), lowest first: the first {n:,} of {behind:,} agencies behind ({total:,} agencies scored)",
    ),
    "behind_count": ("ต่ำกว่าเป้าหมาย (คำนวณ)", "Behind (computed)"),
    "mean_computed_score": ("คะแนนเฉลี่ยที่คำนวณ", "Mean computed score"),
    "no_indicators_here": ("ไม่มีตัวชี้วัด", "no indicators"),
    "chart_cap_title": (
        "ผลงานสะสมเทียบเพดานสะสม (ยิ่งน้อยยิ่งดี)",
        "Cumulative result against the cap so far (lower is better)",
    ),
    "chart_target_title": (
        "ผลงานรายไตรมาสเทียบค่าเป้าหมาย (ค่ารายไตรมาส)",
        "Each quarter's result against the target (per-quarter value)",
    ),
    "cap_so_far": ("เพดานสะสม", "Cap so far"),
    "annual_cap": ("เพดานทั้งปี {value}", "Annual cap {value}"),
    "target_flat": ("ค่าเป้าหมาย {value}", "Target {value}"),
    "result_in_unit": ("ผลงาน ({unit})", "Result ({unit})"),
    "projection_cap_text": (
        "ถ้าเป็นไปตามอัตราเดิม สิ้นปีจะมีประมาณ {value} {unit} หรือ {used} ของเพดานทั้งปี {target} {unit} · ตอนนี้ยังเหลือก่อนถึงเพดาน {remaining} {unit}",
        "At the pace so far the year ends near {value} {unit}, {used} of the annual cap of {target} {unit}; {remaining} {unit} left under the cap now",
    ),
    "explain_title": ("ผลการประเมินนี้มาจากอะไร", "How this verdict was reached"),
    "explain_pick": ("ไตรมาสที่อธิบาย", "Quarter explained"),
    "explain_year": ("ทั้งปี ({fy})", "The year ({fy})"),
    "step_recorded": ("ผลประเมิน กทม. (บันทึก)", "BMA evaluation (recorded)"),
    "step_computed": ("สถานะที่คำนวณ", "Computed status"),
    "step_direction": ("ทิศทาง", "Direction"),
    "step_accumulation": ("การนับผลงาน", "How results count"),
    "step_plan": ("เทียบกับ", "Compared with"),
    "step_reading": ("การอ่านผลงาน", "Reading the results"),
    "step_formula": ("การคำนวณ", "Calculation"),
    "step_agreement": ("บันทึกเทียบคำนวณ", "Recorded against computed"),
    "step_unreported": ("ไตรมาสที่ไม่มีผล", "Quarters without a result"),
    "step_score5": ("คะแนน 1–5", "Score 1–5"),
    "check_prefix": ("ควรตรวจ: {text}", "Check: {text}"),
    "rec_score": ("คะแนน {score} จาก 100 → {band}", "{score} of 100 → {band}"),
    "rec_audit": ("สยป. ตรวจประเมินไตรมาสนี้: {score}", "the evaluator (สยป.) audited this quarter: {score}"),
    "rec_placeholder_after": (
        "บันทึก 0 หลังไตรมาสที่ สยป. ตรวจล่าสุด (ไตรมาส {audited}) จึงถือว่ายังไม่ประเมิน ไม่ใช่ไม่ผ่าน",
        "0 recorded after the last audited quarter (Q{audited}): not yet evaluated, not a failure",
    ),
    "rec_placeholder_none": (
        "บันทึก 0 แต่ สยป. ยังไม่ได้ตรวจประเมินตัวชี้วัดนี้ จึงถือว่ายังไม่ประเมิน ไม่ใช่ไม่ผ่าน",
        "0 recorded, and the evaluator has not audited this indicator: not yet evaluated, not a failure",
    ),
    "rec_placeholder_audit0": (
        "บันทึก 0 (2.1 / 2.2 = 0 / 0) จนถึงไตรมาสที่ สยป. ตรวจ (ไตรมาส {audited}) ซึ่ง สยป. ให้ 0: ระบบของ กทม. ประเมินตามลำดับ จึงถือว่ายังไม่ประเมิน ไม่ใช่ไม่ผ่าน (การอนุมาน รอนักวิเคราะห์ยืนยัน)",
        "0 recorded (0 / 0) up to the audited quarter (Q{audited}), which the evaluator scored 0: BMA evaluates in order, so not yet evaluated, not a failure (an inference awaiting an analyst)",
    ),
    "rec_nothing": ("ไม่มีผลประเมินที่บันทึกสำหรับไตรมาสนี้", "No evaluation recorded for this quarter"),
    "dir_text": ("{direction} ({source})", "{direction} ({source})"),
    "dir_reason": ("เหตุผล: {reason}", "why: {reason}"),
    "setting_by": ("ตั้งค่าโดย {who} เมื่อ {when}", "set by {who} at {when}"),
    "setting_note": ("หมายเหตุของนักวิเคราะห์: {note}", "analyst's note: {note}"),
    "acc_text": ("{accumulation} ({source})", "{accumulation} ({source})"),
    "plan_text_cum": (
        "แผนสะสมไตรมาส {q} = {plan} ของเป้าหมายทั้งปี · {source}",
        "cumulative plan for Q{q} = {plan} of the annual target · {source}",
    ),
    "plan_text_cap": (
        "แผนสะสมไตรมาส {q} = {plan} ของเพดานทั้งปี {target} {unit} · {source}",
        "cumulative plan for Q{q} = {plan} of the annual cap {target} {unit} · {source}",
    ),
    "plan_text_target": (
        "ไม่ใช้แผนสะสม: ผลงานแต่ละไตรมาสเทียบกับค่าเป้าหมาย {target} {unit} ทุกไตรมาส",
        "no cumulative plan: each quarter's result is compared with the target {target} {unit}",
    ),
    "plan_assumed_why": ("เพราะแหล่งข้อมูลไม่ได้ระบุแผน", "as the source records none"),
    "read_completion": (
        "ผลงานบันทึกเป็นร้อยละของงานที่ทำเสร็จ ({values}) ไม่ใช่ค่าของตัวชี้วัด จึงอ่านความก้าวหน้าเป็น ผลงาน ÷ 100 (ค่าที่บันทึกคงไว้)",
        "results are recorded as percent of the work done ({values}), not the KPI's own value, so progress is read as result ÷ 100 (recorded values kept)",
    ),
    "read_as_recorded": ("ใช้ผลงานตามที่บันทึก ในหน่วย {unit}", "the results are used as recorded, in {unit}"),
    "f_no_row": (
        "ไม่มีผลงานรายงานในไตรมาสนี้ → ไม่มีข้อมูล (ไม่นับเป็น 0)",
        "no result reported this quarter → no data (not counted as 0)",
    ),
    "f_not_reported": (
        "บันทึก {actual} หลังไตรมาสที่มีผลแล้ว และไม่มีรายงานผล จึงถือว่าไม่ได้รายงาน → ไม่มีข้อมูล (ไม่ใช่ 0 และไม่ใช่ต่ำกว่าเป้าหมาย)",
        "{actual} recorded after a positive result, with no report: read as not reported → no data (neither 0 nor behind)",
    ),
    "f_no_target": ("ไม่มีค่าเป้าหมาย จึงคำนวณไม่ได้ → ไม่มีข้อมูล", "no target, so nothing can be computed → no data"),
    "f_target_zero": (
        "ค่าเป้าหมายเป็น 0 โดยไม่มีคำว่า “ไม่เกิน” จึงถือว่ายังไม่ได้กรอกค่าเป้าหมาย → ไม่มีข้อมูล",
        "a target of 0 with no “at most” word is read as a placeholder → no data",
    ),
    "f_target_negative": ("ค่าเป้าหมายติดลบ จึงคำนวณไม่ได้ → ไม่มีข้อมูล", "a negative target cannot be judged → no data"),
    "f_not_yet_measured": (
        "บันทึก {actual} ก่อนมีผลจริง ({evidence}) จึงถือว่ายังไม่ได้วัดผล → ไม่มีข้อมูล (ไม่ใช่ 0 และไม่ใช่ต่ำกว่าเป้าหมาย)",
        "{actual} recorded before the first real result ({evidence}): read as not yet measured → no data (neither 0 nor behind)",
    ),
    "y_not_reported": (
        "ผลงานทั้งปีบันทึก 0 หลังไตรมาสที่มีผลแล้ว และไม่มีรายงานไตรมาส 4 จึงถือว่ายังไม่รายงาน → ไม่มีข้อมูล (ไม่ใช่คะแนน 0)",
        "the annual result is 0 after positive quarters, with no Q4 report: read as not reported → no data (not a score of 0)",
    ),
    "y_closed": (
        "ปีงบประมาณสิ้นสุดแล้ว (พ้น 30 กันยายน) จึงตัดสินเป็นบรรลุหรือไม่บรรลุเป้าหมาย",
        "the fiscal year is over (30 September has passed), so the verdict is met or not met",
    ),
    "f_completion": (
        "ความก้าวหน้า = ผลงาน {actual} ÷ 100 = {progress}; ผลเทียบแผน = {progress} ÷ แผน {plan} = {ratio}",
        "progress = result {actual} ÷ 100 = {progress}; ratio = {progress} ÷ plan {plan} = {ratio}",
    ),
    "f_cum_higher": (
        "ความก้าวหน้า = ผลงาน {actual} ÷ เป้าหมาย {target} {unit} = {progress}; ผลเทียบแผน = {progress} ÷ แผน {plan} = {ratio}",
        "progress = result {actual} ÷ target {target} {unit} = {progress}; ratio = {progress} ÷ plan {plan} = {ratio}",
    ),
    "f_cum_lower": (
        "เพดานสะสม {cap} = {plan} × {target}; {cap} ÷ ผลงาน {actual} = {ratio}",
        "cap so far {cap} = {plan} × {target}; {cap} ÷ result {actual} = {ratio}",
    ),
    "f_lower_zero_actual": (
        "ผลงาน {actual} (0 หรือน้อยกว่า) อยู่ในเพดานเสมอ → ผลเทียบแผน = 1",
        "a result of {actual} (0 or less) is within any cap → ratio = 1",
    ),
    "f_lower_zero_target": (
        "เป้าหมาย 0: บรรลุเมื่อผลงานเป็น 0 เท่านั้น; ผลงาน {actual} → ผลเทียบแผน = {ratio}",
        "target 0: met only by a result of 0; result {actual} → ratio = {ratio}",
    ),
    "f_snap_higher": ("ผลงาน {actual} ÷ เป้าหมาย {target} = {ratio}", "result {actual} ÷ target {target} = {ratio}"),
    "f_snap_lower": ("เป้าหมาย {target} ÷ ผลงาน {actual} = {ratio}", "target {target} ÷ result {actual} = {ratio}"),
    "f_verdict": (
        "{ratio} {rule} → {status}; คะแนนที่คำนวณ = min(100, 100 × {ratio}) = {score}",
        "{ratio} {rule} → {status}; computed score = min(100, 100 × {ratio}) = {score}",
    ),
    "rule_met": ("≥ {met}", "≥ {met}"),
    "rule_on_track": ("≥ {on_track} แต่ < {met}", "≥ {on_track} but < {met}"),
    "rule_behind": ("< {on_track}", "< {on_track}"),
    "rule_not_met": ("< {met}", "< {met}"),
    "agree_same": ("ตรงกัน: ทั้งสองอยู่ในระดับ {band}", "they agree: both {band}"),
    "agree_differ": (
        "ต่างกัน: กทม. บันทึก {recorded} แต่คำนวณได้ {computed}",
        "they differ: BMA recorded {recorded}, computed {computed}",
    ),
    "agree_none": ("ยังเทียบไม่ได้ ({recorded})", "nothing to compare yet ({recorded})"),
    "y_audit": ("สยป. ตรวจประเมินล่าสุด ไตรมาสที่ {audited}: {score}", "last audited quarter Q{audited}: {score}"),
    "y_not_audited": (
        "สยป. ยังไม่ได้ตรวจประเมินตัวชี้วัดนี้ในปีนี้",
        "the evaluator (สยป.) has not audited this indicator this year",
    ),
    "y_level": (
        "ผลงานที่ทำได้ = ระดับ {level} จาก {top}; ระดับ {level} ÷ เป้าหมาย {target} = {ratio}",
        "achieved = level {level} of {top}; level {level} ÷ target {target} = {ratio}",
    ),
    "y_level_completion": (
        "ผลงานที่ทำได้ {achieved} (ร้อยละของงาน) → ระดับ {level} = {achieved} ÷ 100 × {top}; ระดับ {level} ÷ เป้าหมาย {target} = {ratio}",
        "achieved {achieved} (percent of the work) → level {level} = {achieved} ÷ 100 × {top}; level {level} ÷ target {target} = {ratio}",
    ),
    "y_completion": (
        "ผลงานที่ทำได้ {achieved} (ร้อยละของงาน) ÷ 100 = {ratio}",
        "achieved {achieved} (percent of the work) ÷ 100 = {ratio}",
    ),
    "y_higher": (
        "ผลงานทั้งปี {achieved} ÷ เป้าหมาย {target} {unit} = {ratio}",
        "annual result {achieved} ÷ target {target} {unit} = {ratio}",
    ),
    "y_lower": (
        "เป้าหมาย (เพดาน) {target} ÷ ผลงานทั้งปี {achieved} = {ratio}",
        "target (cap) {target} ÷ annual result {achieved} = {ratio}",
    ),
    "y_no_achieved": ("ไม่มีผลงานทั้งปีที่บันทึก → ไม่มีข้อมูล", "no annual result recorded → no data"),
    "s5_level": ("คะแนน 1–5 = ระดับที่ทำได้ = {score5}", "score 1–5 = the level reached = {score5}"),
    "s5_thresholds": (
        "คะแนน 1–5 = เทียบเกณฑ์ตัวเลขของ 5 ระดับในวิธีคำนวณ (เส้นตรงระหว่างระดับ) = {score5}",
        "score 1–5 = against the numeric thresholds of the five levels (linear between levels) = {score5}",
    ),
    "s5_ratio": ("คะแนน 1–5 = 5 × min(1, {ratio}) = {score5}", "score 1–5 = 5 × min(1, {ratio}) = {score5}"),
    "s5_none": ("คะแนน 1–5: คำนวณไม่ได้", "score 1–5: cannot be computed"),
    "unreported_list": (
        "{quarters}: ไม่มีผลงานที่ใช้ได้ แสดงเป็นไม่มีข้อมูล ไม่ใช่ 0",
        "{quarters}: no usable result, shown as no data, never as 0",
    ),
    "unreported_none": ("ทุกไตรมาสมีผลงานรายงาน", "every quarter has a reported result"),
    "quarter_short": ("ไตรมาส {q}", "Q{q}"),
    "quarter_not_reported_short": (
        "ไตรมาส {q} (บันทึก {actual} โดยไม่มีรายงาน)",
        "Q{q} ({actual} recorded with no report)",
    ),
    "bands_differ": ("ต่างกัน", "differ"),
    "bands_agree": ("ตรงกัน", "agree"),
    "agreement_column": ("บันทึกเทียบคำนวณ", "Recorded vs computed"),
    "inference_column": ("การอนุมาน", "Inference"),
    "review_recorded": ("ผลประเมิน กทม.", "BMA recorded"),
    "review_every_year": (
        "ใช้การตัดสินนี้กับทุกปีงบประมาณของตัวชี้วัดนี้",
        "Apply this decision to every fiscal year of this indicator",
    ),
    "review_every_year_help": (
        "บันทึกในการตั้งค่าแบบทุกปี จนกว่าจะมีการตัดสินของปีใดปีหนึ่งเป็นอย่างอื่น (ใช้ไม่ได้กับการอนุมานรายไตรมาสและปีงบประมาณ)",
        "Saved in the every-year setting, until one year decides otherwise (not for quarter-by-quarter inferences or the fiscal year)",
    ),
    "unconfirmed_short": ("อนุมาน · รอนักวิเคราะห์ยืนยัน", "inferred · awaiting an analyst"),
    "unconfirmed_verdict": (
        "ผลนี้อาศัยการอนุมานที่นักวิเคราะห์ยังไม่ได้ยืนยัน: {names} (ดูคิวตรวจสอบการอนุมาน)",
        "This verdict rests on inferences no analyst has confirmed yet: {names} (see the review queue)",
    ),
    "recorded_year": ("ผลประเมิน กทม. (สยป. ไตรมาส {quarter})", "BMA evaluation (audit, Q{quarter})"),
    "recorded_year_none": ("ผลประเมิน กทม. (บันทึก)", "BMA evaluation (recorded)"),
    "computed_status_year": ("สถานะที่คำนวณ (ทั้งปี)", "Computed status (year)"),
    "computed_status_year_help": (
        "ผลงานทั้งปีเทียบค่าเป้าหมายตามทิศทางของตัวชี้วัด ดูวิธีคำนวณในหัวข้อ “ผลการประเมินนี้มาจากอะไร”",
        "The annual result against the target, by the KPI's direction: see “How this verdict was reached”",
    ),
    "computed_text": ("{status} · เทียบ{plan}", "{status} · against the {plan}"),
    # -- analyst's setting (indicator page; ui/settings_editor.py) --
    "settings_title": ("การตั้งค่าของนักวิเคราะห์", "Analyst's setting"),
    "settings_intro": (
        "การตั้งค่าเก็บแยกจากข้อมูลต้นทางและใช้ทุกครั้งที่บันทึกข้อมูล ช่องที่เว้นว่างใช้ค่าตามข้อมูลต้นทาง ทุกการบันทึกเป็นข้อมูลรุ่นใหม่และย้อนกลับได้",
        "Kept apart from what the source says and applied on every write; a blank field leaves the source's value. Every save is a new store version and can be rolled back.",
    ),
    "settings_none": (
        "ยังไม่มีการตั้งค่าสำหรับตัวชี้วัดนี้ ใช้ค่าตามข้อมูลต้นทาง",
        "No setting for this indicator: the source's values apply.",
    ),
    "settings_sign_in": ("ผู้มีสิทธิ์แก้ไขข้อมูลที่เข้าสู่ระบบแล้วจึงจะเปลี่ยนการตั้งค่าได้", "Signed-in editors can change the setting."),
    "settings_year_over_every": (
        "การตั้งค่าเฉพาะปีใช้แทนการตั้งค่าทุกปีเฉพาะช่องที่กรอกไว้",
        "A setting for one year overrides the every-year setting field by field.",
    ),
    "settings_scope": ("ใช้กับ", "Applies to"),
    "settings_scope_year": ("เฉพาะ{fy}", "{fy} only"),
    "settings_scope_every": ("ทุกปีงบประมาณ", "Every fiscal year"),
    "settings_in_force": ("ที่ใช้อยู่ใน{fy}", "In force in {fy}"),
    "settings_direction": ("ทิศทาง", "Direction"),
    "settings_accumulation": ("การนับผล", "Accumulation"),
    "settings_plan": ("แผนสะสม ไตรมาส 1–4 (% ของเป้าหมาย)", "Cumulative plan Q1–Q4 (% of target)"),
    "settings_plan_q": ("แผนสะสมไตรมาส {quarter} (%)", "Cumulative plan Q{quarter} (%)"),
    "settings_plan_help": (
        "ร้อยละของเป้าหมายทั้งปีที่ควรทำได้สะสมถึงสิ้นไตรมาส (0–100 และไม่ลดลง) เว้นว่างเพื่อใช้แผนตามข้อมูลต้นทาง",
        "Share of the annual target due by the quarter's end (0–100, never going down); blank for the source's plan",
    ),
    "settings_max_level": ("ระดับสูงสุด", "Highest level"),
    "settings_weight": ("น้ำหนัก", "Weight"),
    "settings_note": ("หมายเหตุ (เหตุผลของการตั้งค่า)", "Note (why)"),
    "settings_set_by": ("ผู้ตั้งค่า", "Set by"),
    "settings_set_at": ("เมื่อ", "When"),
    "settings_from_source": ("ตามข้อมูลต้นทาง", "as the source says"),
    "settings_save": ("บันทึกการตั้งค่า", "Save setting"),
    "settings_saved": (
        "บันทึกการตั้งค่าแล้ว ผลที่แสดงในหน้านี้คำนวณตามการตั้งค่าใหม่ · ข้อมูลรุ่น {version}",
        "Setting saved; this page's verdicts are computed with it · store version {version}",
    ),
    "settings_rejected": ("บันทึกไม่ได้ ข้อมูลไม่เปลี่ยนแปลง โปรดแก้ไขช่องต่อไปนี้", "Not saved, nothing changed: fix these fields"),
    "settings_field": ("ช่อง", "Field"),
    # -- the quarterly briefing pack (kpi_model.brief) --
    "brief_title": ("รายงานสรุปผลการดำเนินงานตามตัวชี้วัดรายไตรมาส", "Quarterly KPI briefing pack"),
    "brief_org": ("กรุงเทพมหานคร", "Bangkok Metropolitan Administration"),
    "brief_covers": ("ขอบเขต", "Covers"),
    "brief_period": ("ช่วงเวลา", "Period"),
    "brief_filters": ("ตัวกรอง", "Filters"),
    "brief_filters_city": ("ทุกหน่วยงาน ทุกด้านยุทธศาสตร์", "every agency, every strategy dimension"),
    "brief_filters_agency": ("หน่วยงานรหัส {code}", "agency {code}"),
    "brief_filters_strategy": ("ยุทธศาสตร์ {code} และทุกระดับย่อย", "strategy branch {code} and everything below it"),
    "brief_filters_period": ("ปีงบประมาณ {fy} ไตรมาส {quarter}", "FY {fy} ({ce}), quarter {quarter}"),
    "brief_made": ("จัดทำเมื่อ", "Made on"),
    "brief_link": ("มุมมองเดียวกันบนแดชบอร์ด", "The same view on the dashboard"),
    "brief_no_link": (
        "ไม่มีลิงก์: ยังไม่ได้ตั้งค่าที่อยู่ของแดชบอร์ด (KPI_BASE_URL)",
        "No link: the dashboard's address is not set (KPI_BASE_URL)",
    ),
    "brief_contents": ("สารบัญ", "Contents"),
    "brief_inside": ("ในรายงานนี้:", "In this pack:"),
    "brief_headline": ("ภาพรวมไตรมาส", "The quarter at a glance"),
    "brief_dimensions": ("สถานะรายด้านยุทธศาสตร์", "Status by strategy dimension"),
    "brief_children": ("สถานะของระดับย่อย", "Status of the branches below"),
    "brief_no_children": ("ระดับนี้ไม่มีระดับย่อย", "This branch has no branches below it"),
    "brief_chart_note": (
        "แถบบน: ผลประเมิน กทม. (บันทึก, แรเงา) · แถบล่าง: สถานะที่คำนวณ · จำนวนตัวชี้วัด",
        "Upper bar: BMA's recorded evaluation (hatched) · lower bar: computed status · counts of indicators",
    ),
    "brief_behind": ("ตัวชี้วัดที่ต่ำกว่าเป้าหมาย พร้อมรายงานผลล่าสุด", "Indicators behind, with their latest report"),
    "brief_report_cut": (
        "(ตัดเหลือ {shown:,} จาก {total:,} ตัวอักษร ฉบับเต็มอยู่ในแดชบอร์ด)",
        "(cut to {shown:,} of {total:,} characters; the whole report is on the dashboard)",
    ),
    "brief_reports_cut": (
        "รายงานของ {codes} ยาวเกินกว่าจะพิมพ์ทั้งหมด จึงตัดไว้ ฉบับเต็มอยู่ในหน้าตัวชี้วัดของแดชบอร์ด",
        "The reports of {codes} are too long to print whole and are cut; the whole text is on the dashboard's indicator page.",
    ),
    "brief_reports_left_out": (
        "รายงานของ {codes} จัดหน้าไม่ได้ภายในเวลาที่กำหนด จึงไม่ได้พิมพ์ไว้ในรายงานสรุปนี้ ดูได้ในหน้าตัวชี้วัดของแดชบอร์ด",
        "The reports of {codes} could not be laid out in time and are left out of this pack; read them on the dashboard's indicator page.",
    ),
    "brief_report_left_out": ("(รายงานไม่ได้พิมพ์ไว้ ดูในแดชบอร์ด)", "(report left out; see the dashboard)"),
    "brief_behind_note": (
        "ตัวชี้วัดที่สถานะคำนวณต่ำกว่าเป้าหมายในไตรมาสนี้ {n:,} รายการ แสดง {shown:,} รายการที่คะแนนต่ำสุด",
        "{n:,} indicators are behind (computed) this quarter; the {shown:,} lowest scores are listed",
    ),
    "brief_no_behind": ("ไม่มีตัวชี้วัดที่ต่ำกว่าเป้าหมายในไตรมาสนี้", "No indicator is behind this quarter"),
    "brief_league": ("ตารางเปรียบเทียบสำนักงานเขต", "The district league"),
    "brief_all_districts": (
        "ตารางเปรียบเทียบสำนักงานเขตในรายงานสรุปแสดงทุกเขต (ไม่ใช้ตัวกรองกลุ่มเขต)",
        "The briefing pack's district league lists every district (the peer group filter does not apply)",
    ),
    "brief_flags": ("ข้อสังเกตที่ควรตรวจสอบ", "Flags an analyst should check"),
    "brief_flags_note": (
        "ข้อสังเกตด้านคุณภาพข้อมูลของไตรมาสนี้และของทั้งปี {n:,} รายการ แสดง {shown:,} รายการแรก ร้ายแรงก่อน",
        "{n:,} data-quality flags on this quarter and on the year as a whole; the first {shown:,}, most severe first",
    ),
    "brief_verdicts": ("ที่มาของสถานะ", "Where the verdicts come from"),
    "brief_verdict_recorded": (
        "ผลประเมิน กทม. คือคะแนนผลประเมินตัวชี้วัดที่ สยป. บันทึกในระบบต้นทาง แสดงก่อนเสมอ: {text}",
        "BMA's recorded evaluation is the evaluation score the Strategy and Evaluation Department "
        "recorded in the source system, always shown first: {text}",
    ),
    "brief_verdict_computed": (
        "สถานะที่คำนวณเทียบผลงานกับแผนสะสมของไตรมาส: {text}",
        "The computed status compares the result with the quarter's cumulative plan: {text}",
    ),
    "brief_plan_source": ("แผนที่ใช้คำนวณ", "Plan the computed status used"),
    "brief_rows": ("ตัวชี้วัด", "Indicators"),
    "brief_lower": (
        "ตัวชี้วัดที่ยิ่งน้อยยิ่งดี {n:,} รายการ (ระบบอนุมานจากชื่อ {inferred:,})",
        "{n:,} lower-is-better indicators ({inferred:,} inferred from the wording)",
    ),
    "brief_no_data": ("ไม่มีข้อมูลของไตรมาสนี้ในขอบเขตนี้", "No data for this quarter in this scope"),
    "brief_page": ("หน้า {page} / {pages}", "Page {page} of {pages}"),
    "brief_download": ("ดาวน์โหลดรายงานสรุป (PDF)", "Download the briefing pack (PDF)"),
    "brief_help": (
        "รายงานสรุปรายไตรมาสสำหรับการประชุม (A4) ตามตัวกรองของหน้านี้ ใช้เวลาจัดทำสักครู่",
        "The quarterly briefing pack for the meeting (A4) for this page's filters; it takes a few seconds to make",
    ),
    "brief_choose": (
        "รายงานสรุป (PDF): เลือกปีงบประมาณ 1 ปี ไตรมาส 1 ไตรมาส และหน่วยงานไม่เกิน 1 หน่วยงาน (หรือยุทธศาสตร์ 1 ด้าน)",
        "Briefing pack (PDF): choose one fiscal year, one quarter and at most one agency (or one strategy branch)",
    ),
    "brief_failed": ("รายงานสรุป (PDF) จัดทำไม่ได้: {error}", "The briefing pack (PDF) cannot be made: {error}"),
    "brief_ignores": (
        "รายงานสรุปครอบคลุมตัวชี้วัดทุกประเภทและทุกสถานะ (ไม่ใช้ตัวกรองประเภทและสถานะ)",
        "The briefing pack covers every indicator type and status (the type and status filters do not apply)",
    ),
    "brief_vs_previous": ("เทียบไตรมาสก่อน", "vs the quarter before"),
    "brief_vs_last_year": ("เทียบไตรมาสเดียวกันปีก่อน", "vs the same quarter last year"),
    "brief_change": ("เปลี่ยนแปลง", "Change"),
    "brief_now": ("ไตรมาสนี้", "This quarter"),
    "brief_synthetic": (
        "ข้อมูลสาธิต: ตัวชี้วัดส่วนใหญ่ในรายงานนี้เป็นข้อมูลสมมติ",
        "Demo data: most indicators in this pack are made up",
    ),
    # the review queue of inferences (DESIGN §6)
    "page_review": ("คิวตรวจสอบการอนุมาน", "Review queue"),
    "page_mail_log": ("บันทึกการส่งอีเมล", "Mail log"),
    "review_title": ("คิวตรวจสอบการอนุมาน", "Inferences to review"),
    "review_intro": (
        "ผลการประเมินที่คำนวณในรายการเหล่านี้อาศัยการอนุมานจากถ้อยคำหรือตัวเลขของหน้า"
        " นักวิเคราะห์ยืนยันหรือตัดสินเป็นอย่างอื่นครั้งเดียว การตัดสินบันทึกเป็นการตั้งค่าตัวชี้วัด (มีรุ่นและบันทึกการนำเข้า)"
        " และใช้กับการนำเข้าทุกครั้งต่อจากนี้ รายการที่ตัดสินแล้วออกจากคิว",
        "The computed verdicts of these items rest on an inference from a page's words or numbers. An analyst"
        " confirms it or decides otherwise once; the decision is an indicator setting (versioned and logged) and"
        " holds for every later import. A decided item leaves the queue.",
    ),
    "review_items": ("การอนุมานที่รอตรวจ", "Inferences to review"),
    "review_items_help": (
        "นับเป็นรายการ: ตัวชี้วัด ปีงบประมาณ และชนิดการอนุมาน (ชนิดรายไตรมาสนับรวมทุกไตรมาสเป็นรายการเดียว)",
        "Counted as items: indicator, fiscal year and kind of inference (a per-quarter kind is one item for all its quarters)",
    ),
    "review_indicators": ("ตัวชี้วัดที่มีรายการรอตรวจ", "Indicators with an item to review"),
    "review_count": ("{n:,} รายการ ใน {k:,} ตัวชี้วัด", "{n:,} items in {k:,} indicators"),
    "review_empty": (
        "ไม่มีการอนุมานที่รอตรวจสำหรับตัวกรองนี้ ทุกรายการตัดสินแล้ว",
        "Nothing to review for these filters: every inference is decided.",
    ),
    "review_inference": ("การอนุมาน", "Inference"),
    "review_evidence": ("หลักฐาน (จากหน้า)", "Evidence (from the page)"),
    "review_quarters": ("ไตรมาส", "Quarters"),
    "review_verdict_now": ("ผลที่คำนวณตอนนี้ (ถ้ายืนยัน)", "Computed now (if confirmed)"),
    "review_verdict_otherwise": ("ผลที่คำนวณถ้าตัดสินเป็นอย่างอื่น", "Computed if decided otherwise"),
    "review_changes": ("ผลเปลี่ยนไหม", "Verdict changes?"),
    "review_changes_yes": ("เปลี่ยน", "changes"),
    "review_changes_no": ("ไม่เปลี่ยน", "no change"),
    "review_changes_import": ("ต้องนำเข้าอีกครั้ง", "needs a new import"),
    "review_annual": ("ทั้งปี", "year"),
    "review_reimport": ("นำเข้าหน้าอีกครั้งด้วยปีที่ถูกต้อง", "import the page again with the right year"),
    "review_download_csv": ("ดาวน์โหลดคิว (CSV)", "Download the queue (CSV)"),
    "review_download_xlsx": ("ดาวน์โหลดคิว (Excel)", "Download the queue (Excel)"),
    "review_select_hint": ("ผู้มีสิทธิ์แก้ไขเลือกแถวเพื่อตัดสินรายการนั้นด้านล่าง", "Editors click a row to decide that item below"),
    "review_decide": ("ตัดสินรายการ", "Decide an item"),
    "review_pick": ("รายการที่จะตัดสิน", "Item to decide"),
    "review_pick_hint": ("เลือกแถวในตาราง หรือเลือกจากรายการนี้", "Click a row in the table, or pick it from this list"),
    "review_note": ("หมายเหตุ (ไม่บังคับ)", "Note (optional)"),
    "review_confirm": ("ยืนยัน", "Confirm"),
    "review_otherwise": ("ตัดสินเป็นอย่างอื่น", "Decide otherwise"),
    "review_saved": (
        "บันทึกการตัดสินแล้ว (รุ่นข้อมูล {version}) รายการออกจากคิว ผลที่คำนวณใช้การตัดสินนี้",
        "Decision saved (store version {version}); the item left the queue and the verdicts use it.",
    ),
    "review_rejected": ("บันทึกการตัดสินไม่ได้ ไม่มีการเปลี่ยนแปลงข้อมูล", "The decision was not saved; nothing changed."),
    "review_sign_in": (
        "ผู้มีสิทธิ์แก้ไขข้อมูลที่เข้าสู่ระบบแล้วจึงจะตัดสินรายการได้",
        "Signed-in editors can decide the items.",
    ),
    "review_reimport_command": (
        "ปีงบประมาณที่ถูกต้องแก้ได้โดยนำเข้าหน้าอีกครั้งด้วยคำสั่งนี้ (แทนปีในคำสั่งด้วยปีที่ถูกต้อง) ข้อมูลของปีที่อนุมานผิดยังอยู่จนกว่าจะลบ:",
        "The right fiscal year comes from importing the page again with this command (put the right year in"
        " it); the rows of the year inferred wrongly stay until removed:",
    ),
    "review_of_quality": (
        "การอนุมานที่รอนักวิเคราะห์ตรวจ: {n:,} รายการ ใน {k:,} ตัวชี้วัด",
        "Inferences waiting for an analyst: {n:,} items in {k:,} indicators",
    ),
    "review_open": ("เปิดคิวตรวจสอบการอนุมาน", "Open the review queue"),
    "review_confirmed_short": ("ยืนยัน", "confirmed"),
    "review_otherwise_short": ("ตัดสินเป็นอย่างอื่น", "decided otherwise"),
    "settings_decisions": ("การตัดสินการอนุมาน", "Decisions on inferences"),
    "settings_unmeasured": ("ไตรมาสที่ยังไม่ได้วัดผล: {quarters}", "quarters not yet measured: {quarters}"),
    "none_word": ("ไม่มี", "none"),
}

STATUS = {
    "met": ("บรรลุเป้าหมาย", "Met"),
    "on_track": ("ใกล้เป้าหมาย", "On track"),
    "behind": ("ต่ำกว่าเป้าหมาย", "Behind"),
    "no_data": ("ไม่มีข้อมูล", "No data"),
    "not_met": ("ไม่บรรลุเป้าหมาย", "Not met"),
}
SEVERITY = {"error": ("ข้อผิดพลาด", "Error"), "warning": ("คำเตือน", "Warning"), "info": ("เพื่อทราบ", "For information")}
SEVERITY_ORDER = ("error", "warning", "info")  # most severe first, wherever flags are listed
UNITS = {
    "level": ("ระดับ", "level"),
    "percent": ("ร้อยละ", "percent"),
    "count": ("จำนวน", "count"),
    "time": ("เวลา", "time"),
    "money": ("เงิน", "money"),
    "other": ("อื่น ๆ", "other"),
}
DIRECTIONS = {
    "higher": ("ยิ่งมากยิ่งดี", "higher is better"),
    "lower": ("ยิ่งน้อยยิ่งดี", "lower is better"),
    "milestone": ("ขั้นความสำเร็จ", "milestone levels"),
}
TYPES = {
    "strategic": ("ตัวชี้วัดเชิงยุทธศาสตร์", "Strategic"),
    "routine": ("ตัวชี้วัดงานประจำ", "Routine"),
    "output": ("ผลผลิต (output)", "Output"),
    "outcome": ("ผลลัพธ์ (outcome)", "Outcome"),
}
PLAN_SOURCES = {
    "analyst": ("แผนที่นักวิเคราะห์กำหนด", "analyst's plan"),
    "recorded": ("แผนที่บันทึก", "recorded plan"),
    "assumed": ("แผนสมมติ (เส้นตรง {profile})", "assumed linear plan ({profile})"),
    "target": ("ค่าเป้าหมายทุกไตรมาส", "target, each quarter"),
}
# BMA's recorded evaluation, read as a band (kpi_model.achievement.recorded_band); None = nothing recorded.
RECORDED_STATUS = {
    "met": ("บรรลุเป้าหมาย", "Met"),
    "on_track": ("ใกล้เป้าหมาย", "On track"),
    "behind": ("ต่ำกว่าเป้าหมาย", "Behind"),
    "not_evaluated": ("ยังไม่ประเมิน", "Not yet evaluated"),
    None: ("ไม่มีผลบันทึก", "Nothing recorded"),
}
DIRECTION_SOURCES = {
    "recorded": ("ตามข้อมูลต้นทาง", "as recorded"),
    "inferred": ("ระบบอนุมาน", "inferred"),
    "analyst": ("นักวิเคราะห์กำหนด", "set by an analyst"),
}
ACCUMULATIONS = {
    "cumulative": ("ผลงานสะสมตลอดปี", "cumulative over the year"),
    "snapshot": (
        "ค่ารายไตรมาส (อัตรา) เทียบค่าเป้าหมายทุกไตรมาส",
        "a per-quarter value (a rate) against the target each quarter",
    ),
}
ACCUMULATION_SOURCES = {"default": ("ค่าเริ่มต้น", "the default"), "analyst": ("นักวิเคราะห์กำหนด", "set by an analyst")}

LABELS.update(FOLLOWUP_LABELS)  # the follow-up pages' labels, kept in their own module


def t(key: str, lang: str = "th", **values: object) -> str:
    """The label ``key`` in ``lang`` ('th' or 'en'), with ``{name}`` fields filled."""
    th, en = LABELS[key]
    text = en if lang == "en" else th
    return text.format(**values) if values else text


def _pick(table: dict[str, tuple[str, str]], key: object, lang: str) -> str:
    if key is None or key not in table:
        return "—" if key is None else str(key)
    th, en = table[key]
    return en if lang == "en" else th


def status_label(status: str | None, lang: str = "th") -> str:
    return _pick(STATUS, status, lang)


def flag_label(code: str | None, lang: str = "th") -> str:
    if code in FLAG_CODES:
        _, th, en = FLAG_CODES[code]
        return en if lang == "en" else th
    return "—" if code is None else str(code)


def inference_label(code: str | None, lang: str = "th") -> str:
    """The name of an inference an analyst reviews (:data:`kpi_model.inference.INFERENCES`)."""
    if code in INFERENCES:
        inference = INFERENCES[code]
        return inference.name_en if lang == "en" else inference.name_th
    return "—" if code is None else str(code)


def severity_label(severity: str | None, lang: str = "th") -> str:
    return _pick(SEVERITY, severity, lang)


def unit_label(unit: str | None, lang: str = "th") -> str:
    return _pick(UNITS, unit, lang)


def unit_text(unit: object, unit_th: object = None, lang: str = "th") -> str:
    """The indicator's unit as a reader of ``lang`` reads it: in Thai the unit as written
    (``แห่ง``), else its kind; in English the kind (``count``, ``percent``), or the unit as
    written when its kind has no English word (``other``)."""
    written = str(unit_th) if _present(unit_th) else None
    kind = unit if isinstance(unit, str) and unit in UNITS else None
    if lang == "en" and kind and kind != "other":
        return UNITS[kind][1]
    if written:
        return written
    return _pick(UNITS, kind, lang) if kind else "—"


def direction_label(direction: str | None, lang: str = "th") -> str:
    return _pick(DIRECTIONS, direction, lang)


def type_label(value: str | None, lang: str = "th") -> str:
    return _pick(TYPES, value, lang)


def plan_profile(plan: tuple[float, ...] | None = None) -> str:
    """The default plan profile as written in labels: '25-50-75-100' (cumulative percents)."""
    shares = default_settings.default_plan if plan is None else plan
    return "-".join(f"{100 * p:g}" for p in shares)


def plan_source_label(source: str | None, lang: str = "th") -> str:
    """What a computed verdict was measured against: the analyst's plan, the recorded plan,
    the assumed linear plan (its profile named, from the settings) or the target itself."""
    return _pick(PLAN_SOURCES, source, lang).format(profile=plan_profile())


def recorded_status_label(band: str | None, lang: str = "th") -> str:
    """The band of BMA's recorded evaluation; None (nothing recorded) has its own words."""
    key = band if isinstance(band, str) else None  # a missing value read from a frame is None
    if key not in RECORDED_STATUS:
        return str(key)
    th, en = RECORDED_STATUS[key]
    return en if lang == "en" else th


def direction_source_label(source: str | None, lang: str = "th") -> str:
    return _pick(DIRECTION_SOURCES, source, lang)


def accumulation_label(accumulation: str | None, lang: str = "th") -> str:
    return _pick(ACCUMULATIONS, accumulation, lang)


def accumulation_source_label(source: str | None, lang: str = "th") -> str:
    return _pick(ACCUMULATION_SOURCES, source, lang)


def agency_label(code: object, th: object = None, en: object = None, lang: str = "th") -> str:
    """'0402 สำนักงานการเจ้าหน้าที่'; an agency the list does not name yet shows by its code
    alone (never 'None' or a dash after it)."""
    shown = str(code) if _present(code) else "—"
    if not (_present(th) or _present(en)):
        return shown
    name = name_of(th if _present(th) else None, en if _present(en) else None, lang)  # type: ignore[arg-type]
    return name if name == shown else f"{shown} {name}"


def fy_label(fiscal_year: int, lang: str = "th") -> str:
    """'ปีงบประมาณ 2564' in Thai; 'FY 2564 (2021)' in English (BE with CE beside)."""
    if lang == "en":
        return f"FY {fiscal_year} ({be_to_ce(fiscal_year)})"
    return f"ปีงบประมาณ {fiscal_year}"


def quarter_label(quarter: int, lang: str = "th", fiscal_year: int | None = None) -> str:
    """'ไตรมาส 1 (ต.ค.–ธ.ค.)' / 'Q1 (Oct–Dec)'."""
    months = (10, 1, 4, 7)[quarter - 1]
    first, last = months, months + 2
    if lang == "en":
        return f"Q{quarter} ({ENGLISH_MONTHS[first - 1][:3]}–{ENGLISH_MONTHS[last - 1][:3]})"
    return f"ไตรมาส {quarter} ({THAI_MONTHS_ABBR[first - 1]}–{THAI_MONTHS_ABBR[last - 1]})"


def period_label(fiscal_year: int, quarter: int, lang: str = "th") -> str:
    """'ไตรมาส 4 ปีงบประมาณ 2567' / 'Q4 FY 2567 (2024)'."""
    if lang == "en":
        return f"Q{quarter} {fy_label(fiscal_year, 'en')}"
    return f"ไตรมาส {quarter} ปีงบประมาณ {fiscal_year}"


def date_label(day, lang: str = "th") -> str:
    """A date with its Thai month and BE year; English mode shows CE beside BE."""
    if lang == "en":
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year} (BE {day.year + 543})"
    return f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year + 543}"


def name_of(th: str | None, en: str | None, lang: str = "th") -> str:
    """The name in ``lang``, falling back to the other language, never 'None'."""
    first, second = (en, th) if lang == "en" else (th, en)
    return next((str(v) for v in (first, second) if _present(v)), "—")


def _present(value: object) -> bool:
    """A name is there: not None, not NaN / NA, not blank."""
    if value is None or (isinstance(value, float) and value != value):  # NaN ≠ itself
        return False
    text = str(value)
    return bool(text.strip()) and text != "<NA>"  # pandas' NA prints as <NA>
