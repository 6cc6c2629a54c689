-- The year of every indicator (kpi_model.achievement.annual_achievement, annual_rule,
-- annual_unreported, annual_status and score_5).
create or replace temp table score_annual as
with quarters as (
    select
        iy,
        coalesce(bool_or(actual_judged > 0), false) as any_positive,
        coalesce(bool_or(has_report) filter (where quarter = 4), false) as final_report,
        max(quarter) filter (where actual_judged > 0) as last_positive_quarter,
        arg_max(actual_judged, quarter) filter (where actual_judged > 0) as last_positive
    from score_quarters
    group by iy
),
judged as (
    select
        f.*,
        coalesce(f.achieved = 0 and q.any_positive and not q.final_report, false) as not_reported,
        q.last_positive_quarter,
        q.last_positive
    from score_facts as f
    left join quarters as q using (iy)
),
reached as (
    select
        *,
        case when not_reported then null else achieved end as achieved_judged
    from judged
),
leveled as (
    select
        *,
        -- kpi_model.achievement.target_on_level_scale
        coalesce(score_strip(unit_th), '') = '' or starts_with(score_strip(unit_th), 'ระดับ') as level_target,
        case when unit = 'level' and achieved_judged is not null then
            case when as_completion then achieved_judged / 100.0 * top_level else achieved_judged end
        end as level_reached
    from reached
),
rated as (
    select
        *,
        case
            when as_completion and (unit <> 'level' or not level_target) then achieved_judged / 100.0
            when unit = 'level' then
                case when level_reached is null or target is null or target <= 0 then null else level_reached / target end
            when achieved_judged is null or target is null then null
            when dir = 'lower' then score_lower(target, achieved_judged, target)
            when target <= 0 then null
            else achieved_judged / target
        end as ratio,
        case
            when not_reported then 'annual_not_reported'
            when (case when unit = 'level' then level_reached else achieved_judged end) is null then 'no_result'
            when as_completion and (unit <> 'level' or not level_target) then 'completion'
            when target is null then 'target_missing'
            when target < 0 then 'target_negative'
            when unit = 'level' then case when target > 0 then 'level' else 'target_zero' end
            when dir = 'lower' then case
                when target = 0 then 'lower_target_zero'
                when achieved_judged <= 0 then 'lower_none_at_all'
                else 'lower' end
            when target > 0 then 'higher'
            else 'target_zero'
        end as rule,
        case when thresholds is not null and thresholds[1] > thresholds[5]
             then list_transform(thresholds, lambda t: -t) else thresholds end as rising,
        case when thresholds is not null and thresholds[1] > thresholds[5] then -achieved_judged else achieved_judged end
            as x
    from leveled
)
select
    *,
    score_100(ratio) as score,
    case when closed and score_status(ratio) in ('on_track', 'behind') then 'not_met' else score_status(ratio) end
        as status,
    case
        when unit = 'level' then
            case when level_reached is not null then greatest(0.0, least(5.0, level_reached)) end
        when rising is not null and achieved_judged is not null then least(5.0,
            case
                when x < rising[1] then 0.0
                when x < rising[2] then 1 + (x - rising[1]) / (rising[2] - rising[1])
                when x < rising[3] then 2 + (x - rising[2]) / (rising[3] - rising[2])
                when x < rising[4] then 3 + (x - rising[3]) / (rising[4] - rising[3])
                when x < rising[5] then 4 + (x - rising[4]) / (rising[5] - rising[4])
                else 5.0
            end)
        when ratio is null then null
        else 5.0 * greatest(0.0, least(1.0, ratio))
    end as score_5
from rated
