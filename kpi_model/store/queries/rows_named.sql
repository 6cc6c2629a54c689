-- Rows of one table narrowed by the filters, with their agency's Thai and English names
-- (the Thai name where there is no English one).
with narrowed as (
    select * from {table}
    {where}
    {order_by}
    {limit}
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
    agency_names.agency_name_th,
    agency_names.agency_name_en
from narrowed
left join agency_names on agency_names.agency_code = narrowed.agency_code
{outer_order_by}
