-- Two periods compared on a like set: the indicators both hold, per group (the group's keys
-- are matched as well as the indicator code; no keys: one group, every row). For each group:
-- how many indicators each period holds, how many both hold, and the sums
-- kpi_model.rollup.finalise needs of each period's rows of the indicators both hold (the
-- columns of kpi_model.rollup.GroupSums without progress, in rollup.sql's arithmetic: a NULL
-- weight counts as 1). A period holds an indicator once (the table's key), so a count of rows
-- is a count of indicators. A group the two periods share no indicator of has no row.
with rows_now as (
    select {group_keys} indicator_code, weight, score_100, status
    from quarter_scores
    {where_now}
),

rows_then as (
    select {group_keys} indicator_code, weight, score_100, status
    from quarter_scores
    {where_then}
),

held_now as (
    select {group_keys} count(*) as now_count
    from rows_now
    {group_by}
),

held_then as (
    select {group_keys} count(*) as then_count
    from rows_then
    {group_by}
),

matched as (
    select
        {group_keys_now}
        count(*) as matched,
        coalesce(sum(coalesce(rows_now.weight, 1)) filter (where rows_now.score_100 is not null), 0)
            as now_weight_sum,
        coalesce(sum(coalesce(rows_now.weight, 1) * rows_now.score_100)
            filter (where rows_now.score_100 is not null), 0) as now_weighted_score_sum,
        count(*) filter (where rows_now.status = 'met') as now_met,
        count(*) filter (where rows_now.status = 'on_track') as now_on_track,
        count(*) filter (where rows_now.status = 'behind') as now_behind,
        count(*) filter (where rows_now.status = 'no_data') as now_no_data,
        coalesce(sum(coalesce(rows_then.weight, 1)) filter (where rows_then.score_100 is not null), 0)
            as then_weight_sum,
        coalesce(sum(coalesce(rows_then.weight, 1) * rows_then.score_100)
            filter (where rows_then.score_100 is not null), 0) as then_weighted_score_sum,
        count(*) filter (where rows_then.status = 'met') as then_met,
        count(*) filter (where rows_then.status = 'on_track') as then_on_track,
        count(*) filter (where rows_then.status = 'behind') as then_behind,
        count(*) filter (where rows_then.status = 'no_data') as then_no_data
    from rows_now
    join rows_then on rows_then.indicator_code = rows_now.indicator_code {join_keys}
    {group_by_now}
    having count(*) > 0
)

select
    {group_keys_matched}
    held_now.now_count,
    held_then.then_count,
    matched.matched,
    matched.now_weight_sum,
    matched.now_weighted_score_sum,
    matched.now_met,
    matched.now_on_track,
    matched.now_behind,
    matched.now_no_data,
    matched.then_weight_sum,
    matched.then_weighted_score_sum,
    matched.then_met,
    matched.then_on_track,
    matched.then_behind,
    matched.then_no_data
from matched
{join_held}
{order_by}
