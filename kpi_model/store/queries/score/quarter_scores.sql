-- quarter_scores (kpi_model.derive.QUARTER_COLUMNS), from score_quarters.
select
    c.* exclude (iy),
    q.quarter,
    q.target,
    q.actual_recorded as actual,
    q.planned_cum,
    q.evaluation_score,
    q.score_2_1,
    q.score_2_2,
    q.evaluator_score,
    q.recorded_score,
    q.recorded_status,
    q.has_report,
    q.actual_judged is not null as is_reported,
    q.progress,
    q.plan,
    q.plan_source,
    q.ratio,
    q.score as score_100,
    q.status,
    q.bands_disagree,
    (q.acc = 'cumulative' and q.dir <> 'lower') or q.as_completion as tracks_plan,
    q.as_completion as read_as_percent,
    q.rule,
    (
        select string_agg(distinct s.code, ',' order by s.code)
        from score_inferences as s
        where s.iy = q.iy and (s.quarter is null or s.quarter = q.quarter)
    ) as inferences
from score_quarters as q
join score_context as c on c.iy = q.iy
