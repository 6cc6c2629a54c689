-- The inferences (kpi_model.inference) each indicator-year's verdicts rest on that no analyst
-- has decided: its inference flags, the import's (fiscal year inferred) included, less those
-- whose code the settings in force decide (kpi_model.derive._with_inferences is the reference).
create or replace temp table score_inferences as
with raised as (
    select iy, code, quarter from score_flags
    union all
    select f.iy, i.code, i.quarter::bigint as quarter
    from src_import_flags as i
    join score_facts as f on f.indicator_code = i.indicator_code and f.fiscal_year = i.fiscal_year
)
select distinct r.iy, r.code, r.quarter
from raised as r
join score_facts as f on f.iy = r.iy
where r.code in (select code from score_inference_codes)
    and score_decision(f.dec_year, f.dec_every, r.code) is null
