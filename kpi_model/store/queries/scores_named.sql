-- Quarter scores narrowed by the filters, with their indicator's names and unit as written
-- and their agency's Thai and English names (the Thai name where there is no English one).
with narrowed as (
    select * from quarter_scores
    {where}
    {order_by}
    {limit}
),

indicator_names as (
    select indicator_code, fiscal_year, name_th, name_en, unit_th
    from annual_scores
),

agency_names as (
    select
        agency_code,
        name_th as agency_name_th,
        coalesce(name_en, name_th) as agency_name_en
    from agencies
)

select
    {columns},
    indicator_names.name_th,
    indicator_names.name_en,
    indicator_names.unit_th,
    agency_names.agency_name_th,
    agency_names.agency_name_en
from narrowed
left join agency_names on agency_names.agency_code = narrowed.agency_code
left join indicator_names
    on indicator_names.indicator_code = narrowed.indicator_code
    and indicator_names.fiscal_year = narrowed.fiscal_year
{outer_order_by}
