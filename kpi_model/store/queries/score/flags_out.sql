-- quality_flags: the scored flags and the import's own (page cut short) of the indicator-years
-- still there, each with its indicator's agency (kpi_model.derive.FLAG_COLUMNS).
with flags as (
    select code, severity, indicator_code, fiscal_year, quarter, "table", "column", message_th, message_en
    from score_flags
    union all
    select
        f.code, f.severity, f.indicator_code, f.fiscal_year::bigint, f.quarter::bigint, f."table", f."column",
        f.message_th, f.message_en
    from src_import_flags as f
    semi join src_indicators as i
        on i.indicator_code = f.indicator_code and i.fiscal_year = f.fiscal_year
)
select f.*, i.agency_code
from flags as f
left join src_indicators as i
    on i.indicator_code = f.indicator_code and i.fiscal_year = f.fiscal_year
