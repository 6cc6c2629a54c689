-- The analyst's extract: one row per indicator-quarter shown (all four quarters), recorded
-- columns beside computed ones, the level descriptions as level_1 … level_5. is_recorded says
-- whether the source holds a row for that quarter. The select list is the registry's
-- (kpi_model.columns.EXTRACT_COLUMNS), each column read from one of the tables below.
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
    {columns}
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
