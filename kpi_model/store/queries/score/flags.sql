-- Every flag of every indicator-year (kpi_model.quality.indicator_flags and reference_flags
-- are the reference; the titles and the words come from kpi_model.quality as score_titles and
-- score_words, the reasons for an inferred direction from kpi_model.achievement.infer_direction
-- as score_reasons).
create or replace temp table score_flags as
with shown as (
    -- the results as recorded, for the flags of results read as percent of completion only
    select r.indicator_code, r.fiscal_year, string_agg(score_num(r.actual), ', ' order by r.quarter) as shown
    from src_results as r
    semi join (select indicator_code, fiscal_year from score_facts where as_completion) as c
        using (indicator_code, fiscal_year)
    group by all
),
facts as (
    select f.*, coalesce(s.shown, '') as shown
    from score_facts as f
    left join shown as s using (indicator_code, fiscal_year)
),
reported as (
    select
        *,
        lag(quarter) over w as prev_quarter,
        lag(actual_judged) over w as prev_actual
    from score_quarters
    where actual_judged is not null
    window w as (partition by iy order by quarter)
),
points as (
    select
        *,
        case when has_analyst_plan then plan_analyst else planned_cum end as point,
        lag(quarter) over w as prev_quarter,
        lag(case when has_analyst_plan then plan_analyst else planned_cum end) over w as prev_point
    from score_quarters
    where not plan_is_target and (case when has_analyst_plan then plan_analyst else planned_cum end) is not null
    window w as (partition by iy order by quarter)
),
snapshots as (
    select
        iy,
        arg_min(actual_judged, quarter) filter (where actual_judged <> 0) as first_value,
        max(actual_judged) as max_value
    from score_quarters
    where has_row and actual_judged is not null
    group by all
),
status_words as (
    select key, th from score_words where kind = 'status'
),
plan_words as (
    select key, th from score_words where kind = 'plan'
),
raw as (
    select iy, indicator_code, fiscal_year, null::bigint as quarter, 'level_recorded_as_percent' as code,
        'quarterly_results' as "table", 'actual' as "column",
        'ผลงาน ' || shown || ' บนเกณฑ์ ' || top_level || ' ระดับ อ่านเป็นร้อยละของความสำเร็จ (ค่าที่บันทึกคงไว้)' as detail_th,
        'results ' || shown || ' on a ' || top_level || '-level scale read as percent of completion (recorded values kept)'
            as detail_en,
        1 as step
    from facts where as_completion and unit = 'level'
    union all
    select iy, indicator_code, fiscal_year, null, 'recorded_as_completion', 'quarterly_results', 'actual',
        'ผลงาน ' || shown || ' เทียบเป้าหมายร้อยละ ' || score_num(target) || ' อ่านเป็นร้อยละของงานที่ทำเสร็จ (ค่าที่บันทึกคงไว้)',
        'results ' || shown || ' against a ' || score_num(target)
            || ' % target read as percent of completion (recorded values kept)',
        2
    from facts where as_completion and unit <> 'level'
    union all
    select iy, indicator_code, fiscal_year, null, 'max_level_assumed', 'indicators', 'max_level', '', '', 3
    from facts where unit = 'level' and top_level_source = 'assumed'
    union all
    select f.iy, f.indicator_code, f.fiscal_year, null, 'direction_inferred', 'indicators', 'direction',
        coalesce(r.reason_th, ''), coalesce(r.reason_en, ''), 4
    from facts as f
    left join score_reasons as r
        on r.name_th is not distinct from f.name_th
        and r.unit_th is not distinct from f.unit_th
        and r.unit is not distinct from f.unit
        and r.target is not distinct from f.target
    where f.dir = 'lower' and f.dir_source = 'inferred'
    union all
    select iy, indicator_code, fiscal_year, null,
        case when target is null then 'target_missing' when target = 0 then 'target_zero' else 'target_negative' end,
        'indicators', 'target',
        case when target < 0 then score_num(target)
             when target = 0 then score_target_line(unit_th) else '' end,
        case when target < 0 then score_num(target)
             when target = 0 then score_target_line(unit_th) else '' end,
        5
    from facts where target is null or (target = 0 and dir <> 'lower') or target < 0
    union all
    select iy, indicator_code, fiscal_year, null, 'no_quarterly_results', 'quarterly_results', null, '', '', 6
    from facts where n_rows = 0
    union all
    select iy, indicator_code, fiscal_year, quarter, 'result_goes_down', 'quarterly_results', 'actual',
        'ไตรมาส ' || prev_quarter || ' = ' || score_num(prev_actual) || ' → ไตรมาส ' || quarter || ' = '
            || score_num(actual_judged),
        'Q' || prev_quarter || ' = ' || score_num(prev_actual) || ' → Q' || quarter || ' = ' || score_num(actual_judged),
        7
    from reported where acc = 'cumulative' and actual_judged < prev_actual
    union all
    select iy, indicator_code, fiscal_year, quarter, 'plan_not_increasing',
        case when has_analyst_plan then 'indicator_settings' else 'quarterly_results' end,
        case when has_analyst_plan then 'plan_q' else 'planned_cum' end,
        'ไตรมาส ' || prev_quarter || ' = ' || score_num(prev_point) || ' → ไตรมาส ' || quarter || ' = ' || score_num(point),
        'Q' || prev_quarter || ' = ' || score_num(prev_point) || ' → Q' || quarter || ' = ' || score_num(point),
        8
    from points where point <= prev_point
    union all
    select iy, indicator_code, fiscal_year, 4, 'plan_not_100',
        case when has_analyst_plan then 'indicator_settings' else 'quarterly_results' end,
        case when has_analyst_plan then 'plan_q' else 'planned_cum' end,
        score_num(point), score_num(point), 9
    from points where quarter = 4 and abs(point - 100) > 1e-9
    union all
    select iy, indicator_code, fiscal_year, quarter, 'quarter_not_reported', 'quarterly_results', 'actual',
        case when not_reported and has_row then 'บันทึก ' || score_num(actual_recorded)
            || ' หลังไตรมาสที่มีผลแล้ว และไม่มีรายงาน จึงถือว่าไม่ได้รายงาน (ค่าที่บันทึกคงไว้)' else '' end,
        case when not_reported and has_row then score_num(actual_recorded)
            || ' recorded after a positive result, with no report: read as not reported (recorded value kept)' else '' end,
        10
    from score_quarters where n_rows > 0 and actual_judged is null and not not_yet
    union all
    select iy, indicator_code, fiscal_year, quarter, 'not_yet_measured', 'quarterly_results', 'actual',
        case when unmeasured_text is not null then 'บันทึก ' || score_num(actual_recorded) || ' ตามที่นักวิเคราะห์กำหนด'
             when nm_word is not null then 'บันทึก ' || score_num(actual_recorded) || ' รายงานว่า “' || nm_word || '”'
             when rating then 'บันทึก ' || score_num(actual_recorded) || ' บนมาตราคะแนน 1–' || score_num(getvariable('score_params').rating_top)
                || ' ซึ่งไม่มี 0'
             else 'บันทึก ' || score_num(actual_recorded) end,
        case when unmeasured_text is not null then score_num(actual_recorded) || ' recorded, as an analyst decided'
             when nm_word is not null then score_num(actual_recorded) || ' recorded, the report says “' || nm_word || '”'
             when rating then score_num(actual_recorded) || ' recorded on a 1–' || score_num(getvariable('score_params').rating_top)
                || ' rating scale, where 0 is impossible'
             else score_num(actual_recorded) || ' recorded' end,
        10
    from score_quarters where not_yet
    union all
    select iy, indicator_code, fiscal_year, null, 'annual_not_reported', 'indicators', 'achieved',
        'ทั้งปีบันทึก 0 หลังไตรมาส ' || last_positive_quarter || ' = ' || score_num(last_positive)
            || ' และไม่มีรายงานไตรมาส 4',
        'annual 0 recorded after Q' || last_positive_quarter || ' = ' || score_num(last_positive)
            || ', with no Q4 report',
        13
    from score_annual where not_reported
    union all
    select iy, indicator_code, fiscal_year, quarter, 'result_without_report', 'quarterly_results', 'report_th', '', '', 11
    from score_quarters where actual_judged is not null and not has_report
    union all
    select iy, indicator_code, fiscal_year, quarter, 'result_far_above_target', 'quarterly_results', 'actual',
        score_num(actual_judged) || ' เทียบกับเป้าหมาย ' || score_num(target),
        score_num(actual_judged) || ' against target ' || score_num(target),
        12
    from score_quarters
    where target > 0 and dir <> 'lower' and not as_completion
        and actual_judged > getvariable('score_params').far_above_ratio * target
    union all
    select iy, indicator_code, fiscal_year, null, 'annual_differs_q4', 'indicators', 'achieved',
        'ทั้งปี ' || score_num(achieved) || ' ไตรมาส 4 ' || score_num(actual_recorded),
        'annual ' || score_num(achieved) || ', Q4 ' || score_num(actual_recorded),
        13
    from score_quarters
    where quarter = 4 and has_row and acc = 'cumulative' and actual_recorded is not null and achieved is not null
        and abs(actual_recorded - achieved) > 1e-9
    union all
    select f.iy, f.indicator_code, f.fiscal_year, null, 'looks_like_snapshot', 'indicators', 'accumulation',
        'ผลแรก ' || score_num(s.first_value) || ' เทียบเป้าหมาย ' || score_num(f.target),
        'first result ' || score_num(s.first_value) || ' against target ' || score_num(f.target),
        14
    from facts as f
    join snapshots as s on s.iy = f.iy
    where not f.as_completion and f.acc = 'cumulative' and f.unit <> 'level' and f.target > 0
        and s.first_value is not null
        and s.first_value >= 0.8 * f.target and s.max_value - s.first_value <= 0.5 * f.target
    union all
    select q.iy, q.indicator_code, q.fiscal_year, q.quarter,
        case when q.in_run then 'recorded_zero_not_evaluated'
             when q.recorded_status = 'not_evaluated' then 'score_not_yet_evaluated' else 'recorded_vs_computed' end,
        'quarterly_results', 'evaluation_score',
        case when q.in_run then 'บันทึก 0 ในไตรมาส ' || q.quarter || ' จนถึงไตรมาสที่ สยป. ตรวจ (' || q.audited_quarter
                || ') ซึ่งได้ 0'
             when q.recorded_status = 'not_evaluated' then '' else
            'บันทึก ' || score_num(q.evaluation_score) || ' (' || rs.th || ') คำนวณ ' || cs.th
            || ' (อัตราส่วน ' || score_num(q.ratio) || ' เทียบแผน' || pw.th || ')' end,
        case when q.in_run then '0 recorded in Q' || q.quarter || ', up to the audited quarter (Q' || q.audited_quarter
                || '), which the audit scored 0'
             when q.recorded_status = 'not_evaluated' then '' else
            'recorded ' || score_num(q.evaluation_score) || ' (' || q.recorded_status || '), computed ' || q.status
            || ' (ratio ' || score_num(q.ratio) || ' against the ' || q.plan_source || ' plan)' end,
        15
    from score_quarters as q
    left join status_words as rs on rs.key = q.recorded_status
    left join status_words as cs on cs.key = q.status
    left join plan_words as pw on pw.key = q.plan_source
    where q.has_row and (q.recorded_status = 'not_evaluated' or q.bands_disagree)
    union all
    select iy, indicator_code, fiscal_year, null, 'unknown_agency', 'indicators', 'agency_code', agency_code, agency_code, 16
    from facts where agency_code is not null and agency_code not in (select agency_code from src_agencies where agency_code is not null)
    union all
    select iy, indicator_code, fiscal_year, null,
        case when strategy_code is null then 'no_strategy' else 'unknown_strategy' end,
        'indicators', 'strategy_code', coalesce(strategy_code, ''), coalesce(strategy_code, ''), 17
    from facts
    where strategy_code is null
        or strategy_code not in (select strategy_code from src_strategies where strategy_code is not null)
)
select
    r.iy,
    r.code,
    t.severity,
    r.indicator_code,
    r.fiscal_year,
    r.quarter,
    r."table",
    r."column",
    case when r.detail_th <> '' then t.title_th || ': ' || r.detail_th else t.title_th end as message_th,
    case when r.detail_en <> '' then t.title_en || ': ' || r.detail_en else t.title_en end as message_en,
    r.step
from raw as r
join score_titles as t using (code)
