-- Every quarter of every indicator-year judged against its plan (DESIGN §3);
-- kpi_model.achievement.quarter_achievements is the reference.
create or replace temp table score_quarters as
with joined as (
    select
        f.iy, f.indicator_code, f.fiscal_year, f.target, f.achieved, f.dir, f.acc, f.as_completion, f.audited_quarter,
        f.has_analyst_plan, f.plan_a1, f.plan_a2, f.plan_a3, f.plan_a4, f.n_rows, f.audit_score, q.quarter,
        f.unit, f.unit_th, f.rating, f.unmeasured_text, f.dec_year, f.dec_every,
        coalesce(case q.quarter when 1 then f.unmeasured_1 when 2 then f.unmeasured_2 when 3 then f.unmeasured_3
            else f.unmeasured_4 end, false) as not_yet,
        case q.quarter when 1 then f.nm_word_1 when 2 then f.nm_word_2 when 3 then f.nm_word_3 else f.nm_word_4 end
            as nm_word,
        case q.quarter when 1 then f.actual_1 when 2 then f.actual_2 when 3 then f.actual_3 else f.actual_4 end as actual_recorded,
        case q.quarter when 1 then f.planned_cum_1 when 2 then f.planned_cum_2 when 3 then f.planned_cum_3 else f.planned_cum_4 end as planned_cum,
        case q.quarter when 1 then f.evaluation_score_1 when 2 then f.evaluation_score_2 when 3 then f.evaluation_score_3 else f.evaluation_score_4 end as evaluation_score,
        case q.quarter when 1 then f.score_2_1_1 when 2 then f.score_2_1_2 when 3 then f.score_2_1_3 else f.score_2_1_4 end as score_2_1,
        case q.quarter when 1 then f.score_2_2_1 when 2 then f.score_2_2_2 when 3 then f.score_2_2_3 else f.score_2_2_4 end as score_2_2,
        case q.quarter when 1 then f.evaluator_score_1 when 2 then f.evaluator_score_2 when 3 then f.evaluator_score_3 else f.evaluator_score_4 end as evaluator_score,
        coalesce(case q.quarter when 1 then f.has_row_1 when 2 then f.has_row_2 when 3 then f.has_row_3 else f.has_row_4 end, false)
            as has_row,
        coalesce(case q.quarter when 1 then f.has_report_1 when 2 then f.has_report_2 when 3 then f.has_report_3 else f.has_report_4 end, false) as has_report,
        case q.quarter
            when 1 then 0.0
            when 2 then greatest(0.0, f.m1)
            when 3 then greatest(0.0, f.m1, f.m2)
            else greatest(0.0, f.m1, f.m2, f.m3)
        end as best_before
    from score_facts as f
    cross join (values (1), (2), (3), (4)) as q (quarter)
),
judged as (
    select
        *,
        coalesce(actual_recorded = 0 and best_before > 0 and not has_report and not not_yet, false) as not_reported,
        acc = 'snapshot' and not as_completion as plan_is_target,
        case quarter when 1 then plan_a1 when 2 then plan_a2 when 3 then plan_a3 else plan_a4 end as plan_analyst,
        case when as_completion then 'higher' else dir end as dir_judged
    from joined
),
planned as (
    select
        *,
        case when not_reported or not_yet then null else actual_recorded end as actual_judged,
        case
            when plan_is_target then 1.0
            when plan_analyst is not null then plan_analyst / 100.0
            when planned_cum is not null then planned_cum / 100.0
            else getvariable('score_params').plan[quarter]
        end as plan,
        case
            when plan_is_target then 'target'
            when plan_analyst is not null then 'analyst'
            when planned_cum is not null then 'recorded'
            else 'assumed'
        end as plan_source
    from judged
),
ratios as (
    select
        *,
        case
            when actual_judged is null then null
            when as_completion then actual_judged / 100.0
            when target is null or target <= 0 then null
            else actual_judged / target
        end as progress,
        case
            when actual_judged is null then null
            when as_completion then case when plan <> 0 then (actual_judged / 100.0) / plan end
            when target is null then null
            when dir_judged = 'lower' then score_lower(
                case when acc = 'snapshot' then target else least(plan, 1.0) * target end, actual_judged, target
            )
            when target <= 0 then null
            when acc = 'snapshot' then actual_judged / target
            when plan <> 0 then (actual_judged / target) / plan
        end as ratio,
        case
            when actual_judged is null then case when not_yet then 'not_yet_measured' when not_reported then 'not_reported'
                else 'no_result' end
            when as_completion then 'completion'
            when target is null then 'target_missing'
            when target < 0 then 'target_negative'
            when dir_judged = 'lower' then case
                when target = 0 then 'lower_target_zero'
                when actual_judged <= 0 then 'lower_none_at_all'
                when acc = 'snapshot' then 'snap_lower'
                else 'cum_lower' end
            when target = 0 then 'target_zero'
            when acc = 'snapshot' then 'snap_higher'
            else 'cum_higher'
        end as rule,
        -- kpi_model.achievement.zero_run: the run of 0 / 0 / 0 that ends at an audited quarter scored 0
        coalesce(
            audit_score = 0 and quarter <= audited_quarter
            and score_decision(dec_year, dec_every, 'recorded_zero_not_evaluated') is distinct from 'otherwise'
            and sum(case when quarter > audited_quarter then 0
                         when quarter = audited_quarter and evaluation_score = 0 then 0
                         when quarter < audited_quarter and evaluation_score = 0
                             and coalesce(score_2_1, 0) = 0 and coalesce(score_2_2, 0) = 0 then 0
                         else 1 end)
                over (partition by iy order by quarter rows between current row and unbounded following) = 0,
            false
        ) as in_run
    from planned
),
banded as (
    select
        *,
        case
            when evaluation_score is null then null
            when evaluation_score = 0 and (audited_quarter is null or quarter > audited_quarter) then 'not_evaluated'
            when in_run then 'not_evaluated'
            else score_status(evaluation_score / 100.0)
        end as recorded_status
    from ratios
)
select
    iy, indicator_code, fiscal_year, quarter, target, achieved, dir, acc, as_completion, has_analyst_plan, n_rows,
    actual_recorded, planned_cum, evaluation_score, score_2_1, score_2_2, evaluator_score, has_row, has_report,
    not_reported, plan_is_target, plan_analyst, actual_judged, plan, plan_source, progress, ratio, recorded_status,
    not_yet, nm_word, rating, unmeasured_text, unit_th, rule, in_run, audited_quarter,
    score_100(ratio) as score,
    score_status(ratio) as status,
    case when recorded_status = 'not_evaluated' then null else evaluation_score end as recorded_score,
    coalesce(
        recorded_status in ('met', 'on_track', 'behind')
        and score_status(ratio) <> 'no_data'
        and recorded_status <> score_status(ratio),
        false
    ) as bands_disagree
from banded
