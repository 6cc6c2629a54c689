-- annual_scores (kpi_model.derive.ANNUAL_COLUMNS), from score_annual and the flag counts.
select
    c.* exclude (iy),
    a.name_th,
    a.name_en,
    a.target,
    a.achieved,
    a.unit_th,
    a.ratio,
    a.score as score_100,
    a.score_5,
    a.status,
    a.level_reached,
    a.as_completion as read_as_percent,
    a.audited_quarter,
    coalesce(n.flag_count, 0) as flag_count,
    a.rule,
    a.closed as year_closed,
    (
        select string_agg(distinct s.code, ',' order by s.code)
        from score_inferences as s
        where s.iy = a.iy and s.quarter is null
    ) as inferences
from score_annual as a
join score_context as c on c.iy = a.iy
left join (select iy, count(*) as flag_count from score_flags group by iy) as n on n.iy = a.iy
