-- The indicator-years whose code matches one in wanted_codes (code_key, as score_code gives
-- it): what a settings import checks its rows against. A cheap sign first, as in rows_of_keys.
with wanted as (
    select code_key, score_code_sign(code_key) as code_sign from wanted_codes
),
codes as (
    select distinct indicator_code from indicators
),
candidates as materialized (
    select c.indicator_code, w.code_key
    from codes as c
    join wanted as w on w.code_sign = score_code_sign(c.indicator_code)
),
matched as (
    select indicator_code from candidates where code_key = score_code(indicator_code)
)
select i.indicator_code, i.fiscal_year
from indicators as i
semi join matched as m on m.indicator_code = i.indicator_code
