-- The scoring's constants (bound parameters) and its small formulas, each named for the
-- function of kpi_model.achievement it repeats.
set variable score_params = {
    'met_ratio': ?::double,
    'on_track_ratio': ?::double,
    'plan': [?::double, ?::double, ?::double, ?::double],
    'far_above_ratio': ?::double,
    'tolerance': ?::double,
    'completion_past_target': ?::double,
    'current_fy': ?::bigint,
    'placeholder_share': ?::double,
    'rating_top': ?::double,
    'rating_word': ?::varchar
};
create or replace temp macro score_status(r) as case
    when r is null then 'no_data'
    when r + getvariable('score_params').tolerance >= getvariable('score_params').met_ratio then 'met'
    when r + getvariable('score_params').tolerance >= getvariable('score_params').on_track_ratio then 'on_track'
    else 'behind'
end;
create or replace temp macro score_100(r) as case when r is not null then greatest(0.0, least(100.0, 100.0 * r)) end;
create or replace temp macro score_lower(allowed, actual, target) as case
    when target < 0 then null
    when target = 0 then case when actual <= 0 then 1.0 else 0.0 end
    when actual <= 0 then 1.0
    else allowed / actual
end;
create or replace temp macro score_num(v) as case
    when v is null then '—'
    when abs(v) >= 1e15 then format('{:.3g}', v)
    else rtrim(rtrim(format('{:,.2f}', v), '0'), '.')
end;
-- kpi_model.achievement.IndicatorFacts.decision: an analyst's decision on one inference, the
-- year's row over the every-year one (kpi_model.inference: 'code=confirmed; code=otherwise')
create or replace temp macro score_decision(y, e, code) as coalesce(
    nullif(regexp_extract(coalesce(y, ''), '(^|;)\s*' || code || '\s*=\s*([a-z]+)', 2), ''),
    nullif(regexp_extract(coalesce(e, ''), '(^|;)\s*' || code || '\s*=\s*([a-z]+)', 2), '')
)
