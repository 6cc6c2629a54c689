-- Per fiscal year and quarter of the rows {where} selects: the computed sums of
-- kpi_model.rollup.GroupSums (the columns of rollup.sql, in its order), then BMA's recorded
-- evaluation of the same rows: how many it evaluated (a recorded band met / on track / behind;
-- a placeholder 0 not yet evaluated and a blank are not evaluated), the weighted sums of their
-- recorded scores (a score above 100 counts as 100, the top of BMA's scale) and how many it
-- recorded behind. A NULL weight counts as 1. The columns are kpi_model.trend.TrendSums.
with selected as (
    select fiscal_year, quarter, weight, score_100, status, progress, tracks_plan, plan,
        recorded_status, recorded_score,
        recorded_status in ('met', 'on_track', 'behind') and recorded_score is not null as is_evaluated
    from quarter_scores
    {where}
)

select
    fiscal_year,
    quarter,
    count(*) as indicator_count,
    coalesce(sum(coalesce(weight, 1)) filter (where score_100 is not null), 0) as weight_sum,
    coalesce(sum(coalesce(weight, 1) * score_100) filter (where score_100 is not null), 0)
        as weighted_score_sum,
    count(*) filter (where status = 'met') as met,
    count(*) filter (where status = 'on_track') as on_track,
    count(*) filter (where status = 'behind') as behind,
    count(*) filter (where status = 'no_data') as no_data,
    coalesce(sum(coalesce(weight, 1)) filter (where progress is not null and tracks_plan), 0)
        as progress_weight,
    coalesce(sum(coalesce(weight, 1) * least(progress, 1.0))
        filter (where progress is not null and tracks_plan), 0) as weighted_progress_sum,
    coalesce(sum(coalesce(weight, 1) * plan) filter (where progress is not null and tracks_plan), 0)
        as weighted_plan_sum,
    count(*) filter (where is_evaluated) as evaluated,
    coalesce(sum(coalesce(weight, 1)) filter (where is_evaluated), 0) as recorded_weight_sum,
    coalesce(sum(coalesce(weight, 1) * least(recorded_score, 100.0)) filter (where is_evaluated), 0)
        as recorded_weighted_score_sum,
    count(*) filter (where is_evaluated and recorded_status = 'behind') as recorded_behind
from selected
group by fiscal_year, quarter
order by fiscal_year, quarter
