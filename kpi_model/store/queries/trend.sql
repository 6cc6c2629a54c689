-- Per fiscal year and quarter of the rows {where} selects: the computed sums of
-- group_sums.sql (kpi_model.rollup.GroupSums, in its order), then BMA's recorded
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
    {group_sums},
    count(*) filter (where is_evaluated) as evaluated,
    coalesce(sum(coalesce(weight, 1)) filter (where is_evaluated), 0) as recorded_weight_sum,
    coalesce(sum(coalesce(weight, 1) * least(recorded_score, 100.0)) filter (where is_evaluated), 0)
        as recorded_weighted_score_sum,
    count(*) filter (where is_evaluated and recorded_status = 'behind') as recorded_behind
from selected
group by fiscal_year, quarter
order by fiscal_year, quarter
