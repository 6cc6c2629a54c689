-- Every quarter of every indicator-year judged against its plan (DESIGN §3);
-- kpi_model.achievement.quarter_achievements is the reference.
create or replace temp table score_quarters as
with joined as (
    select
        f.iy, f.indicator_code, f.fiscal_year, f.target, f.achieved, f.dir, f.acc, f.as_completion, f.audited_quarter,
        f.has_analyst_plan, f.plan_a1, f.plan_a2, f.plan_a3, f.plan_a4, f.n_rows, f.audit_score, q.quarter,
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
            when 2 then greatest(0.0, f.actual_1)
            when 3 then greatest(0.0, f.actual_1, f.actual_2)
            else greatest(0.0, f.actual_1, f.actual_2, f.actual_3)
        end as best_before
    from score_facts as f
    cross join (values (1), (2), (3), (4)) as q (quarter)
),
judged as (
    select
        *,
        coalesce(actual_recorded = 0 and best_before > 0 and not has_report, false) as not_reported,
        acc = 'snapshot' and not as_completion as plan_is_target,
        case quarter when 1 then plan_a1 when 2 then plan_a2 when 3 then plan_a3 else plan_a4 end as plan_analyst,
        case when as_completion then 'higher' else dir end as dir_judged
    from joined
),
planned as (
    select
        *,
        case when not_reported then null else actual_recorded end as actual_judged,
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
            when evaluation_score is null then null
            when evaluation_score = 0 and (
                audited_quarter is null or quarter > audited_quarter
                or (quarter = audited_quarter and audit_score = 0)
            ) then 'not_evaluated'
            else score_status(evaluation_score / 100.0)
        end as recorded_status
    from planned
)
select
    iy, indicator_code, fiscal_year, quarter, target, achieved, dir, acc, as_completion, has_analyst_plan, n_rows,
    actual_recorded, planned_cum, evaluation_score, score_2_1, score_2_2, evaluator_score, has_row, has_report,
    not_reported, plan_is_target, plan_analyst, actual_judged, plan, plan_source, progress, ratio, recorded_status,
    score_100(ratio) as score,
    score_status(ratio) as status,
    case when recorded_status = 'not_evaluated' then null else evaluation_score end as recorded_score,
    coalesce(
        recorded_status in ('met', 'on_track', 'behind')
        and score_status(ratio) <> 'no_data'
        and recorded_status <> score_status(ratio),
        false
    ) as bands_disagree
from ratios
