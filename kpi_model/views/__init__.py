"""What each dashboard page shows, computed here so pages only lay it out.

Every view takes a :class:`~kpi_model.store.Store` and plain values (hashable, so the dashboard
can cache on them with the store version) and returns frames or frozen dataclasses. Scores are
on the 0–100 scale; shares and progress are fractions (0.25 = 25 %). Views gather and shape;
the arithmetic of a verdict lives in the pure model (:mod:`kpi_model.achievement`,
:mod:`kpi_model.rollup`, :mod:`kpi_model.projection`).

One module per page, the shared parts beside them; every view is re-exported here, so a page
loads it by name (``ui.data.load("headline", …)`` → ``views.headline``):

* :mod:`~kpi_model.views.common` — the period, reference lists and names, strategy branches,
  rollups as frames, indicator rows (several pages);
* :mod:`~kpi_model.views.verdicts` — recorded bands, plan sources, what a headline counts
  (overview and strategy);
* :mod:`~kpi_model.views.overview`, :mod:`~kpi_model.views.strategy`,
  :mod:`~kpi_model.views.agency` (the agencies page), :mod:`~kpi_model.views.indicator`,
  :mod:`~kpi_model.views.quality`, :mod:`~kpi_model.views.import_data`,
  :mod:`~kpi_model.views.district` (the districts page), :mod:`~kpi_model.views.first_screen` (the overview's first
  screen), :mod:`~kpi_model.views.review` (the
  review queue of inferences) — one page each; :mod:`~kpi_model.views.trends`, the quarterly
  trend (overview and briefing pack).

No module is named like a view (``agencies`` is a view, so its page's module is ``agency``):
a submodule would shadow the view of its name on this package.
"""

from __future__ import annotations

from kpi_model.views.agency import agency_choices, agency_quarter_scores, indicator_types, plan_assumed
from kpi_model.views.common import (
    ROLLUP_COLUMNS,
    WORST_FIRST,
    Period,
    StrategyNode,
    agencies,
    fiscal_years,
    has_synthetic,
    indicator_rows,
    latest_period,
    plan_root,
    rollup_frame,
    row_count,
    scoring_stale,
    strategies,
    strategy_node,
    tree_order,
)
from kpi_model.views.district import (
    CITY_AVERAGE,
    LEAGUE_COLUMNS,
    LEAGUE_TABLE_COLUMNS,
    MAP_MEASURES,
    district_league,
    league_headers,
    league_table,
    peer_groups,
    vs_city_counts,
)
from kpi_model.views.district_shapes import DistrictMap, district_map, place_districts
from kpi_model.views.first_screen import DimensionScore, Glance, glance, status_summary
from kpi_model.views.followup_lists import (
    FOLLOWUP_NAME_COLUMNS,
    behind_indicators,
    indicator_codes,
    indicator_names,
)
from kpi_model.views.import_data import IMPORT_LOG_COLUMNS, import_log, import_log_damaged
from kpi_model.views.indicator import (
    PICKER_COLUMNS,
    IndicatorDetail,
    PlanChart,
    VerdictExplanation,
    chart_mode,
    first_indicator,
    indicator_detail,
    indicator_picker,
    indicator_years,
    plan_chart,
    verdict_explanation,
)
from kpi_model.views.overview import (
    Comparison,
    Headline,
    agencies_behind,
    agencies_ranked,
    by_dimension,
    headline,
    movers,
    recorded_by_dimension,
    strategy_tree,
)
from kpi_model.views.quality import (
    FLAG_CSV_COLUMNS,
    flag_counts,
    flag_severity_counts,
    flag_total,
    flags,
    flags_csv_bytes,
)
from kpi_model.views.reporting import REPORTING_COLUMNS, due_quarter, reported_counts, reporting_completeness, share_of
from kpi_model.views.review import (
    REVIEW_TABLE_COLUMNS,
    ReviewQueue,
    review_headers,
    review_item_label,
    review_item_lines,
    review_queue,
    review_reimport_command,
    review_summary,
    review_table,
)
from kpi_model.views.strategy import branch_by_quarter, branch_children, branch_indicators
from kpi_model.views.trends import TrendScope, quarter_trend, trend_scopes
from kpi_model.views.verdicts import (
    RECORDED_BANDS,
    RECORDED_COLUMNS,
    PlanSourceCounts,
    RecordedCounts,
    VerdictBasis,
    plan_source_counts,
    recorded_counts,
    verdict_basis,
)

__all__ = [
    # district (the districts page)
    "CITY_AVERAGE",
    # quality
    "FLAG_CSV_COLUMNS",
    # followup_lists (the follow-up pages)
    "FOLLOWUP_NAME_COLUMNS",
    # import_data
    "IMPORT_LOG_COLUMNS",
    "LEAGUE_COLUMNS",
    "LEAGUE_TABLE_COLUMNS",
    "MAP_MEASURES",
    "PICKER_COLUMNS",
    # verdicts
    "RECORDED_BANDS",
    "RECORDED_COLUMNS",
    "REPORTING_COLUMNS",
    # review (the review queue)
    "REVIEW_TABLE_COLUMNS",
    # common
    "ROLLUP_COLUMNS",
    "WORST_FIRST",
    # overview
    "Comparison",
    "DimensionScore",
    "DistrictMap",
    "Glance",
    "Headline",
    "IndicatorDetail",
    "Period",
    # indicator
    "PlanChart",
    "PlanSourceCounts",
    "RecordedCounts",
    "ReviewQueue",
    "StrategyNode",
    "TrendScope",
    "VerdictBasis",
    "VerdictExplanation",
    "agencies",
    "agencies_behind",
    "agencies_ranked",
    "agency_choices",
    # agency (the agencies page)
    "agency_quarter_scores",
    "behind_indicators",
    "branch_by_quarter",
    # strategy
    "branch_children",
    "branch_indicators",
    "by_dimension",
    "chart_mode",
    "district_league",
    "district_map",
    "due_quarter",
    "first_indicator",
    "fiscal_years",
    "flag_counts",
    "flag_severity_counts",
    "flag_total",
    "flags",
    "flags_csv_bytes",
    "glance",
    "has_synthetic",
    "headline",
    "import_log",
    "import_log_damaged",
    "indicator_codes",
    "indicator_detail",
    "indicator_names",
    "indicator_picker",
    "indicator_rows",
    "indicator_types",
    "indicator_years",
    "latest_period",
    "league_headers",
    "league_table",
    "movers",
    "peer_groups",
    "place_districts",
    "plan_assumed",
    "plan_chart",
    "plan_root",
    "plan_source_counts",
    "quarter_trend",
    "recorded_by_dimension",
    "recorded_counts",
    "reported_counts",
    "reporting_completeness",
    "review_headers",
    "review_item_label",
    "review_item_lines",
    "review_queue",
    "review_reimport_command",
    "review_summary",
    "review_table",
    "rollup_frame",
    "row_count",
    "scoring_stale",
    "share_of",
    "status_summary",
    "strategies",
    "strategy_node",
    "strategy_tree",
    "tree_order",
    "trend_scopes",
    "verdict_basis",
    "verdict_explanation",
    "vs_city_counts",
]
