-- What every derived row carries of its indicator (kpi_model.derive._CONTEXT), as a view over
-- score_facts; strategy_1 … strategy_4 are kpi_model.derive.strategy_path.
create or replace temp view score_context as
select
    iy,
    indicator_code,
    fiscal_year,
    agency_code,
    indicator_type,
    result_level,
    unit,
    dir as direction,
    dir_source as direction_source,
    acc as accumulation,
    acc_source as accumulation_source,
    case when unit = 'level' then top_level else max_lvl end as max_level,
    case when unit = 'level' then top_level_source end as max_level_source,
    weight_used as weight,
    strategy_code,
    case when coalesce(strategy_code, '') <> '' then split_part(strategy_code, '.', 1) end as strategy_1,
    case when len(string_split(strategy_code, '.')) >= 2
         then array_to_string(string_split(strategy_code, '.')[1:2], '.') end as strategy_2,
    case when len(string_split(strategy_code, '.')) >= 3
         then array_to_string(string_split(strategy_code, '.')[1:3], '.') end as strategy_3,
    case when len(string_split(strategy_code, '.')) >= 4
         then array_to_string(string_split(strategy_code, '.')[1:4], '.') end as strategy_4,
    source,
    has_setting
from score_facts
