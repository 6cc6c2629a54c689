-- The year of every indicator (kpi_model.achievement.annual_achievement and score_5).
create or replace temp table score_annual as
with reached as (
    select
        *,
        case when unit = 'level' and achieved is not null then
            case when as_completion then achieved / 100.0 * top_level else achieved end
        end as level_reached
    from score_facts
),
rated as (
    select
        *,
        case
            when unit = 'level' then
                case when level_reached is null or target is null or target <= 0 then null else level_reached / target end
            when as_completion then achieved / 100.0
            when achieved is null or target is null then null
            when dir = 'lower' then score_lower(target, achieved, target)
            when target <= 0 then null
            else achieved / target
        end as ratio,
        case when thresholds is not null and thresholds[1] > thresholds[5]
             then list_transform(thresholds, lambda t: -t) else thresholds end as rising,
        case when thresholds is not null and thresholds[1] > thresholds[5] then -achieved else achieved end as x
    from reached
)
select
    *,
    score_100(ratio) as score,
    score_status(ratio) as status,
    case
        when unit = 'level' then
            case when level_reached is not null then greatest(0.0, least(5.0, level_reached)) end
        when rising is not null and achieved is not null then least(5.0,
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
