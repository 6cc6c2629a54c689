-- The analyst's extract: one row per indicator-quarter shown (all four quarters), recorded
-- columns beside computed ones, the level descriptions as level_1 … level_5. is_recorded says
-- whether the source holds a row for that quarter.
with quarters_shown as (
    select * from quarter_scores
    {where}
),

level_descriptions as (
    select
        indicator_code,
        fiscal_year,
        max(description) filter (where level = 1) as level_1,
        max(description) filter (where level = 2) as level_2,
        max(description) filter (where level = 3) as level_3,
        max(description) filter (where level = 4) as level_4,
        max(description) filter (where level = 5) as level_5
    from indicator_levels
    group by indicator_code, fiscal_year
)

select
    quarters_shown.fiscal_year,
    quarters_shown.indicator_code,
    indicators.agency_code,
    agencies.name_th as agency_name_th,
    agencies.name_en as agency_name_en,
    indicators.name_th,
    indicators.name_en,
    indicators.indicator_type,
    indicators.result_level,
    indicators.unit,
    indicators.unit_th,
    indicators.direction,
    indicators.direction_source,
    indicators.accumulation,
    indicators.accumulation_source,
    indicators.target,
    indicators.achieved,
    indicators.max_level,
    indicators.max_level_source,
    indicators.weight,
    indicators.strategy_code,
    strategies.name_th as strategy_name_th,
    quarters_shown.quarter,
    quarterly_results.quarter is not null as is_recorded,
    quarterly_results.actual,
    quarterly_results.planned_cum,
    quarters_shown.direction as direction_used,
    quarters_shown.direction_source as direction_used_source,
    quarters_shown.accumulation as accumulation_used,
    quarters_shown.plan,
    quarters_shown.plan_source,
    quarters_shown.progress,
    quarters_shown.ratio,
    quarters_shown.score_100,
    quarters_shown.status,
    quarters_shown.recorded_status,
    quarters_shown.inferences,
    quarterly_results.evaluation_score,
    quarterly_results.score_2_1,
    quarterly_results.score_2_2,
    quarterly_results.evaluator_score,
    quarterly_results.report_th,
    annual_scores.ratio as annual_ratio,
    annual_scores.score_100 as annual_score_100,
    annual_scores.score_5 as annual_score_5,
    annual_scores.status as annual_status,
    indicators.definition,
    indicators.calculation,
    indicators.data_sources,
    indicators.supporting_projects,
    indicators.audited_quarter,
    indicators.source,
    indicators.other_text,
    level_descriptions.level_1,
    level_descriptions.level_2,
    level_descriptions.level_3,
    level_descriptions.level_4,
    level_descriptions.level_5
from quarters_shown
join indicators
    on indicators.indicator_code = quarters_shown.indicator_code
    and indicators.fiscal_year = quarters_shown.fiscal_year
left join quarterly_results
    on quarterly_results.indicator_code = quarters_shown.indicator_code
    and quarterly_results.fiscal_year = quarters_shown.fiscal_year
    and quarterly_results.quarter = quarters_shown.quarter
left join annual_scores
    on annual_scores.indicator_code = quarters_shown.indicator_code
    and annual_scores.fiscal_year = quarters_shown.fiscal_year
left join agencies on agencies.agency_code = indicators.agency_code
left join strategies on strategies.strategy_code = indicators.strategy_code
left join level_descriptions
    on level_descriptions.indicator_code = quarters_shown.indicator_code
    and level_descriptions.fiscal_year = quarters_shown.fiscal_year
order by
    quarters_shown.agency_code,
    quarters_shown.fiscal_year,
    quarters_shown.indicator_code,
    quarters_shown.quarter
{limit}
