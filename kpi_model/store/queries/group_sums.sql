-- The sums of kpi_model.rollup.GroupSums, in its order, over the rows of the query this is
-- part of (rollup.sql, trend.sql): the rows counted (indicator-quarters, or indicator-years for
-- annual scores), weighted score sums over those with a score, status counts, and weighted
-- progress and plan sums over those that report a result and climb a cumulative plan
-- (progress capped at the target). A NULL weight counts as 1.
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
        as weighted_plan_sum
