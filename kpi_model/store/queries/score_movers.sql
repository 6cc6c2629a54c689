-- The indicators whose score_100 changed most between two periods, each narrowed to one
-- quarter: the largest rises (rising true) and the largest falls (rising false), at most the
-- limit of each, paired in one pass. Rises first, each largest change first, ties by code. The
-- change itself is left to the model.
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

changed as (
    select
        scores_now.indicator_code,
        scores_now.fiscal_year,
        scores_now.agency_code,
        scores_before.score_100 as score_prev,
        scores_now.score_100 as score_now,
        scores_now.score_100 > scores_before.score_100 as rising
    from scores_now
    join scores_before on scores_before.indicator_code = scores_now.indicator_code
    where scores_now.score_100 is not null
        and scores_before.score_100 is not null
        and scores_now.score_100 <> scores_before.score_100
),

largest_changes as (
    select *
    from changed
    qualify row_number() over (
        partition by rising
        order by case when rising then score_prev - score_now else score_now - score_prev end, indicator_code
    ) <= ?
)

select largest_changes.*, annual_scores.name_th, annual_scores.name_en
from largest_changes
left join annual_scores
    on annual_scores.indicator_code = largest_changes.indicator_code
    and annual_scores.fiscal_year = largest_changes.fiscal_year
order by
    largest_changes.rising desc,
    case
        when largest_changes.rising then largest_changes.score_prev - largest_changes.score_now
        else largest_changes.score_now - largest_changes.score_prev
    end,
    largest_changes.indicator_code
