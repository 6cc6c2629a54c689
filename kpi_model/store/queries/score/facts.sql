-- One row per indicator-year: the source's facts with the analyst's setting applied (the
-- year's setting over the every-year one, field by field), the levels, and what the year's
-- results say about how they are recorded. kpi_model.derive.facts_of / apply_setting /
-- reads_as_completion / numeric_thresholds are the reference.
create or replace temp table score_facts as
with settings as (
    select
        score_code(indicator_code) as code_key,
        score_code_sign(indicator_code) as code_sign,
        fiscal_year,
        nullif(direction, '') as direction,
        nullif(accumulation, '') as accumulation,
        plan_q1, plan_q2, plan_q3, plan_q4,
        nullif(max_level, 0) as max_level,
        weight
    from src_settings
),
indicators as (
    select
        indicator_code, fiscal_year, agency_code, name_th, name_en, indicator_type, result_level, unit, unit_th,
        direction, direction_source, accumulation, accumulation_source, target, achieved, max_level,
        max_level_source, weight, strategy_code, audited_quarter, source
    from src_indicators
),
matched as (
    -- score_code of the indicator codes a setting may name (same sign), not of every code
    select c.indicator_code, score_code(c.indicator_code) as code_key
    from (select distinct indicator_code from indicators) as c
    semi join settings as s on s.code_sign = score_code_sign(c.indicator_code)
),
merged as (
    select
        i.*,
        (y.code_key is not null or e.code_key is not null) as has_setting,
        coalesce(y.direction, e.direction) as s_direction,
        coalesce(y.accumulation, e.accumulation) as s_accumulation,
        coalesce(y.max_level, e.max_level) as s_max_level,
        coalesce(y.weight, e.weight) as s_weight,
        coalesce(y.plan_q1, e.plan_q1) as plan_a1,
        coalesce(y.plan_q2, e.plan_q2) as plan_a2,
        coalesce(y.plan_q3, e.plan_q3) as plan_a3,
        coalesce(y.plan_q4, e.plan_q4) as plan_a4
    from indicators as i
    left join matched as m using (indicator_code)
    left join settings as y on y.code_key = m.code_key and y.fiscal_year = i.fiscal_year
    left join settings as e on e.code_key = m.code_key and e.fiscal_year is null
),
level_counts as (
    select indicator_code, fiscal_year, count(*) as n_levels from src_levels group by all
),
levels as (
    -- the numbers in the level descriptions, read only where there are five levels
    select
        l.indicator_code,
        l.fiscal_year,
        list(regexp_extract_all(
            translate(coalesce(l.description, ''), '๐๑๒๓๔๕๖๗๘๙', '0123456789'),
            '-?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?'
        ) order by l.level) as numbers
    from src_levels as l
    semi join (select indicator_code, fiscal_year from level_counts where n_levels = 5) as c
        using (indicator_code, fiscal_year)
    group by all
),
results as (
    select
        indicator_code,
        fiscal_year,
        count(*) as n_rows,
        min(actual) as actual_min,
        max(actual) as actual_max,
        arg_min(actual, quarter) filter (where actual is not null) as actual_first,
        max(actual) filter (where quarter = 1) as actual_1,
        max(planned_cum) filter (where quarter = 1) as planned_cum_1,
        max(evaluation_score) filter (where quarter = 1) as evaluation_score_1,
        max(score_2_1) filter (where quarter = 1) as score_2_1_1,
        max(score_2_2) filter (where quarter = 1) as score_2_2_1,
        max(evaluator_score) filter (where quarter = 1) as evaluator_score_1,
        count(*) filter (where quarter = 1) > 0 as has_row_1,
        bool_or(is_report) filter (where quarter = 1) as has_report_1,
        max(actual) filter (where quarter = 2) as actual_2,
        max(planned_cum) filter (where quarter = 2) as planned_cum_2,
        max(evaluation_score) filter (where quarter = 2) as evaluation_score_2,
        max(score_2_1) filter (where quarter = 2) as score_2_1_2,
        max(score_2_2) filter (where quarter = 2) as score_2_2_2,
        max(evaluator_score) filter (where quarter = 2) as evaluator_score_2,
        count(*) filter (where quarter = 2) > 0 as has_row_2,
        bool_or(is_report) filter (where quarter = 2) as has_report_2,
        max(actual) filter (where quarter = 3) as actual_3,
        max(planned_cum) filter (where quarter = 3) as planned_cum_3,
        max(evaluation_score) filter (where quarter = 3) as evaluation_score_3,
        max(score_2_1) filter (where quarter = 3) as score_2_1_3,
        max(score_2_2) filter (where quarter = 3) as score_2_2_3,
        max(evaluator_score) filter (where quarter = 3) as evaluator_score_3,
        count(*) filter (where quarter = 3) > 0 as has_row_3,
        bool_or(is_report) filter (where quarter = 3) as has_report_3,
        max(actual) filter (where quarter = 4) as actual_4,
        max(planned_cum) filter (where quarter = 4) as planned_cum_4,
        max(evaluation_score) filter (where quarter = 4) as evaluation_score_4,
        max(score_2_1) filter (where quarter = 4) as score_2_1_4,
        max(score_2_2) filter (where quarter = 4) as score_2_2_4,
        max(evaluator_score) filter (where quarter = 4) as evaluator_score_4,
        count(*) filter (where quarter = 4) > 0 as has_row_4,
        bool_or(is_report) filter (where quarter = 4) as has_report_4
    from (select *, score_is_report(report_th) as is_report from src_results)
    group by all
),
facts as (
    select
        m.*,
        coalesce(m.s_direction, m.direction) as dir,
        case when m.s_direction is not null then 'analyst'
             else coalesce(nullif(m.direction_source, ''), 'recorded') end as dir_source,
        coalesce(m.s_accumulation, nullif(m.accumulation, ''), 'cumulative') as acc,
        case when m.s_accumulation is not null then 'analyst'
             else coalesce(nullif(m.accumulation_source, ''), 'default') end as acc_source,
        coalesce(m.s_max_level, m.max_level) as max_lvl,
        case when m.s_max_level is not null then 'analyst'
             else coalesce(nullif(m.max_level_source, ''), 'page') end as max_lvl_source,
        coalesce(m.s_weight, m.weight) as weight_used,
        (m.plan_a1 is not null or m.plan_a2 is not null or m.plan_a3 is not null or m.plan_a4 is not null)
            as has_analyst_plan,
        coalesce(r.n_rows, 0) as n_rows,
        r.actual_min,
        r.actual_max,
        r.actual_first,
        r.* exclude (indicator_code, fiscal_year, n_rows, actual_min, actual_max, actual_first),
        case m.audited_quarter
            when 1 then r.evaluator_score_1 when 2 then r.evaluator_score_2
            when 3 then r.evaluator_score_3 when 4 then r.evaluator_score_4
        end as audit_score,
        lc.n_levels,
        case when lc.n_levels = 5 and list_bool_and(list_transform(l.numbers, lambda n: len(n) = 1))
             then list_transform(l.numbers, lambda n: cast(replace(n[1], ',', '') as double)) end as numbers
    from merged as m
    left join results as r using (indicator_code, fiscal_year)
    left join level_counts as lc using (indicator_code, fiscal_year)
    left join levels as l using (indicator_code, fiscal_year)
),
leveled as (
    select
        *,
        coalesce(nullif(max_lvl, 0), 5) as top_level,
        case when coalesce(max_lvl, 0) <> 0 then max_lvl_source else 'assumed' end as top_level_source,
        case
            when numbers is null then null
            when list_bool_and(list_transform(range(1, 5), lambda k: numbers[k] < numbers[k + 1])) then numbers
            when list_bool_and(list_transform(range(1, 5), lambda k: numbers[k] > numbers[k + 1])) then numbers
        end as thresholds
    from facts
)
select
    l.* exclude (numbers, s_direction, s_accumulation, s_max_level, s_weight, direction, direction_source,
        accumulation, accumulation_source, max_level, max_level_source, weight),
    case
        when l.unit = 'level' then
            (coalesce(
                (l.actual_1 > l.top_level and l.actual_1 <= 100) or (l.actual_2 > l.top_level and l.actual_2 <= 100)
                or (l.actual_3 > l.top_level and l.actual_3 <= 100) or (l.actual_4 > l.top_level and l.actual_4 <= 100),
                false
            ) or coalesce(l.achieved > l.top_level and l.achieved <= 100, false))
            and coalesce(l.actual_max <= 100, true)
            and coalesce(l.achieved <= 100, true)
        when l.unit = 'percent' and l.acc = 'cumulative' and l.actual_max is not null then
            coalesce(
                l.target > 0 and l.target < 100
                and l.actual_max >= 95 and l.actual_max <= 100
                and l.actual_max >= getvariable('score_params').completion_past_target * l.target
                and l.actual_min >= 0
                and l.actual_max - l.actual_first >= 0.5 * l.target,
                false
            )
        else false
    end as as_completion,
    row_number() over () as iy  -- the indicator-year's number in this scoring: joins and windows use it
from leveled as l
