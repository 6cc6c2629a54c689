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
        weight,
        nullif(score_strip(decisions), '') as decisions,
        nullif(score_strip(unmeasured_quarters), '') as unmeasured_quarters
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
        coalesce(y.plan_q4, e.plan_q4) as plan_a4,
        y.decisions as dec_year,
        e.decisions as dec_every,
        coalesce(y.unmeasured_quarters, e.unmeasured_quarters) as unmeasured_text
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
        max(actual) filter (where quarter = 1) as actual_1,
        max(planned_cum) filter (where quarter = 1) as planned_cum_1,
        max(evaluation_score) filter (where quarter = 1) as evaluation_score_1,
        max(score_2_1) filter (where quarter = 1) as score_2_1_1,
        max(score_2_2) filter (where quarter = 1) as score_2_2_1,
        max(evaluator_score) filter (where quarter = 1) as evaluator_score_1,
        count(*) filter (where quarter = 1) > 0 as has_row_1,
        bool_or(is_report) filter (where quarter = 1) as has_report_1,
        max(score_nm_word(report_th)) filter (where quarter = 1) as nm_word_1,
        max(actual) filter (where quarter = 2) as actual_2,
        max(planned_cum) filter (where quarter = 2) as planned_cum_2,
        max(evaluation_score) filter (where quarter = 2) as evaluation_score_2,
        max(score_2_1) filter (where quarter = 2) as score_2_1_2,
        max(score_2_2) filter (where quarter = 2) as score_2_2_2,
        max(evaluator_score) filter (where quarter = 2) as evaluator_score_2,
        count(*) filter (where quarter = 2) > 0 as has_row_2,
        bool_or(is_report) filter (where quarter = 2) as has_report_2,
        max(score_nm_word(report_th)) filter (where quarter = 2) as nm_word_2,
        max(actual) filter (where quarter = 3) as actual_3,
        max(planned_cum) filter (where quarter = 3) as planned_cum_3,
        max(evaluation_score) filter (where quarter = 3) as evaluation_score_3,
        max(score_2_1) filter (where quarter = 3) as score_2_1_3,
        max(score_2_2) filter (where quarter = 3) as score_2_2_3,
        max(evaluator_score) filter (where quarter = 3) as evaluator_score_3,
        count(*) filter (where quarter = 3) > 0 as has_row_3,
        bool_or(is_report) filter (where quarter = 3) as has_report_3,
        max(score_nm_word(report_th)) filter (where quarter = 3) as nm_word_3,
        max(actual) filter (where quarter = 4) as actual_4,
        max(planned_cum) filter (where quarter = 4) as planned_cum_4,
        max(evaluation_score) filter (where quarter = 4) as evaluation_score_4,
        max(score_2_1) filter (where quarter = 4) as score_2_1_4,
        max(score_2_2) filter (where quarter = 4) as score_2_2_4,
        max(evaluator_score) filter (where quarter = 4) as evaluator_score_4,
        count(*) filter (where quarter = 4) > 0 as has_row_4,
        bool_or(is_report) filter (where quarter = 4) as has_report_4,
        max(score_nm_word(report_th)) filter (where quarter = 4) as nm_word_4
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
        r.* exclude (indicator_code, fiscal_year, n_rows),
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
placeheld as (
    -- kpi_model.achievement.unmeasured_quarters: the analyst's quarters, else the rule's run of
    -- placeholders before the first real result (cand_N: a placeholder by value and words)
    select
        *,
        score_decision(dec_year, dec_every, 'not_yet_measured') as dec_unmeasured,
        coalesce(contains(unit_th, getvariable('score_params').rating_word), false)
            and coalesce(target > 0 and target <= getvariable('score_params').rating_top, false) as rating,
        coalesce(target > 0 and actual_1 < getvariable('score_params').placeholder_share * target, false) as small_1,
        coalesce(target > 0 and actual_2 < getvariable('score_params').placeholder_share * target, false) as small_2,
        coalesce(target > 0 and actual_3 < getvariable('score_params').placeholder_share * target, false) as small_3,
        coalesce(target > 0 and actual_4 < getvariable('score_params').placeholder_share * target, false) as small_4
    from facts
),
candidates as (
    select
        *,
        small_1 and (nm_word_1 is not null or rating) as cand_1,
        small_2 and (nm_word_2 is not null or rating) as cand_2,
        small_3 and (nm_word_3 is not null or rating) as cand_3,
        small_4 and (nm_word_4 is not null or rating) as cand_4
    from placeheld
),
unmeasured as (
    select
        *,
        cand_1 as rule_1,
        cand_2 and (actual_1 is null or cand_1) as rule_2,
        cand_3 and (actual_1 is null or cand_1) and (actual_2 is null or cand_2) as rule_3,
        cand_4 and (actual_1 is null or cand_1) and (actual_2 is null or cand_2) and (actual_3 is null or cand_3)
            as rule_4
    from candidates
),
unmeasured_read as (
    select
        * exclude (rule_1, rule_2, rule_3, rule_4),
        case when unmeasured_text is not null then actual_1 is not null and contains(unmeasured_text, '1')
             when dec_unmeasured = 'otherwise' then false else rule_1 end as unmeasured_1,
        case when unmeasured_text is not null then actual_2 is not null and contains(unmeasured_text, '2')
             when dec_unmeasured = 'otherwise' then false else rule_2 end as unmeasured_2,
        case when unmeasured_text is not null then actual_3 is not null and contains(unmeasured_text, '3')
             when dec_unmeasured = 'otherwise' then false else rule_3 end as unmeasured_3,
        case when unmeasured_text is not null then actual_4 is not null and contains(unmeasured_text, '4')
             when dec_unmeasured = 'otherwise' then false else rule_4 end as unmeasured_4
    from unmeasured
),
masked as (
    -- the results the reading as completion looks at: placeholders are not results
    select
        *,
        least(m1, m2, m3, m4) as actual_min,
        greatest(m1, m2, m3, m4) as actual_max,
        coalesce(m1, m2, m3, m4) as actual_first
    from (
        select
            *,
            case when unmeasured_1 then null else actual_1 end as m1,
            case when unmeasured_2 then null else actual_2 end as m2,
            case when unmeasured_3 then null else actual_3 end as m3,
            case when unmeasured_4 then null else actual_4 end as m4
        from unmeasured_read
    )
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
    from masked
)
select
    l.* exclude (numbers, small_1, small_2, small_3, small_4, cand_1, cand_2, cand_3, cand_4,
        s_direction, s_accumulation, s_max_level, s_weight, direction, direction_source,
        accumulation, accumulation_source, max_level, max_level_source, weight),
    l.fiscal_year < getvariable('score_params').current_fy as closed,
    case
        when score_decision(l.dec_year, l.dec_every,
            case when l.unit = 'level' then 'level_recorded_as_percent' else 'recorded_as_completion' end) is not null
            then score_decision(l.dec_year, l.dec_every,
                case when l.unit = 'level' then 'level_recorded_as_percent' else 'recorded_as_completion' end)
                = 'confirmed'
        when l.unit = 'level' then
            (coalesce(
                (l.m1 > l.top_level and l.m1 <= 100) or (l.m2 > l.top_level and l.m2 <= 100)
                or (l.m3 > l.top_level and l.m3 <= 100) or (l.m4 > l.top_level and l.m4 <= 100),
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
