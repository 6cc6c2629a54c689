-- Indicators whose code or Thai or English name contains the pattern (case-insensitive; the
-- caller escapes % and _ with a backslash), one row per code, named as in its latest year.
select
    indicator_code,
    max(fiscal_year) as fiscal_year,
    any_value(agency_code) as agency_code,
    arg_max(name_th, fiscal_year) as name_th,
    arg_max(name_en, fiscal_year) as name_en
from annual_scores
where indicator_code ilike ? escape '\'
    or name_th ilike ? escape '\'
    or name_en ilike ? escape '\'
group by indicator_code
order by indicator_code
limit ?
