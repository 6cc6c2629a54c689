-- The rows of one per-indicator table for the indicator-years in wanted_keys (code_key: the
-- code as codes are matched, score_code). Each distinct code of the years asked for is signed
-- cheaply (score_code_sign) first, so score_code runs only on the few codes that may match;
-- the rows are then fetched by their own codes.
with wanted as (
    select code_key, fiscal_year, score_code_sign(code_key) as code_sign from wanted_keys
),
codes as (
    select distinct indicator_code, fiscal_year
    from {table}
    where fiscal_year in (select fiscal_year from wanted_keys)
),
candidates as materialized (
    -- the codes whose sign matches (score_code only on these; the optimizer may not reorder it)
    select c.indicator_code, c.fiscal_year, w.code_key
    from codes as c
    join wanted as w on w.code_sign = score_code_sign(c.indicator_code) and w.fiscal_year = c.fiscal_year
),
matched as (
    select indicator_code, fiscal_year from candidates where code_key = score_code(indicator_code)
)
select t.*
from {table} as t
semi join matched as m on m.indicator_code = t.indicator_code and m.fiscal_year = t.fiscal_year
where t.fiscal_year in (select fiscal_year from wanted_keys)
