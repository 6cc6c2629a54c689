-- Indicators whose score_100 changed most between two periods, each narrowed to one quarter:
-- the largest rises (or falls) first, ties by code. The change itself is left to the model.
with scores_now as (
    select indicator_code, fiscal_year, agency_code, score_100
    from quarter_scores
    {where_now}
),

scores_before as (
    select indicator_code, score_100
    from quarter_scores
    {where_before}
),

largest_changes as (
    select
        scores_now.indicator_code,
        scores_now.fiscal_year,
        scores_now.agency_code,
        scores_before.score_100 as score_prev,
        scores_now.score_100 as score_now
    from scores_now
    join scores_before on scores_before.indicator_code = scores_now.indicator_code
    where scores_now.score_100 is not null
        and scores_before.score_100 is not null
        and scores_now.score_100 {changed} scores_before.score_100
    order by scores_now.score_100 - scores_before.score_100 {direction}, scores_now.indicator_code
    limit ?
)

select largest_changes.*, annual_scores.name_th, annual_scores.name_en
from largest_changes
left join annual_scores
    on annual_scores.indicator_code = largest_changes.indicator_code
    and annual_scores.fiscal_year = largest_changes.fiscal_year
order by largest_changes.score_now - largest_changes.score_prev {direction}, largest_changes.indicator_code
