"""The derived tables computed set-wise, in DuckDB: one SQL pass over a store's source tables.

The rules are those of :mod:`kpi_model.achievement` and :mod:`kpi_model.quality` (DESIGN §3),
written once more as SQL (``queries/score/*.sql``) because scoring millions of indicator-years
one at a time in Python takes minutes and gigabytes. The Python functions stay the reference:
the indicator page explains a verdict with them, and ``tests/store/test_scoring.py`` proves this
module returns the same rows as :func:`kpi_model.derive.derive`, flags included.

The caller names the inputs, as views or registered frames: ``src_indicators``,
``src_results``, ``src_levels``, ``src_settings``, ``src_agencies``, ``src_strategies`` and
``src_import_flags``. :func:`score` fills the temporary tables; :data:`OUTPUTS` are the queries
that read each derived table out of them.
"""

from __future__ import annotations

import functools
from importlib import resources

import duckdb
import pandas as pd

from kpi_model.achievement import (
    COMPLETION_PAST_TARGET,
    NOT_YET_MEASURED_WORDS,
    PLACEHOLDER_SHARE,
    RATING_TOP,
    RATING_WORD,
    RATIO_TOLERANCE,
    infer_direction,
)
from kpi_model.config import Settings
from kpi_model.config import settings as default_settings
from kpi_model.derive import (
    ANNUAL_COLUMNS,
    BOOL_COLUMNS,
    FLAG_COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    QUARTER_COLUMNS,
    typed_frame,
)
from kpi_model.fiscal import fiscal_year_of
from kpi_model.inference import INFERENCES
from kpi_model.quality import FLAG_CODES, PLAN_TH, STATUS_TH
from kpi_model.schema import SOURCE_TABLES, TABLES

__all__ = [
    "FLAG_COLUMNS",
    "INPUTS",
    "OUTPUTS",
    "derive_frames",
    "empty_input",
    "output_query",
    "score",
    "setup",
    "text_rules",
]

# Python's str.strip() whitespace, so SQL's trim strips exactly what the reference strips.
WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
DASHES = "-–—"  # kpi_model.achievement.is_report: a lone dash is no report

# store table → the name the scoring reads it under
INPUTS = {
    "indicators": "src_indicators",
    "quarterly_results": "src_results",
    "indicator_levels": "src_levels",
    "indicator_settings": "src_settings",
    "agencies": "src_agencies",
    "strategies": "src_strategies",
    "peer_groups": "src_peer_groups",  # not scored; registered so every source table has a name
    "import_flags": "src_import_flags",
}
OUTPUTS = {"quarter_scores": "quarter_scores", "annual_scores": "annual_scores", "quality_flags": "flags_out"}
_STEPS = ("facts", "context", "quarters", "annual", "flags", "inferences")
_ORDER = {
    "quarter_scores": ("agency_code", "fiscal_year", "indicator_code", "quarter"),
    "annual_scores": ("agency_code", "fiscal_year", "indicator_code"),
    "quality_flags": ("agency_code", "fiscal_year", "indicator_code", "code"),
}
_COLUMNS = {"quarter_scores": QUARTER_COLUMNS, "annual_scores": ANNUAL_COLUMNS, "quality_flags": FLAG_COLUMNS}


@functools.cache
def _sql(name: str) -> str:
    return (resources.files("kpi_model.store") / "queries" / "score" / f"{name}.sql").read_text(encoding="utf-8")


def output_query(table: str) -> str:
    """The query that reads derived ``table`` out of a scored connection, its columns in the
    store's order, each cast to its stored type (so every partition has the same schema)."""
    columns = ", ".join(f'"{c}"::{_sql_type(c)} as "{c}"' for c in _COLUMNS[table])
    return f"select {columns} from ({_sql(OUTPUTS[table])})"


def _sql_type(column: str) -> str:
    if column in INT_COLUMNS:
        return "bigint"
    if column in BOOL_COLUMNS:
        return "boolean"
    return "double" if column in FLOAT_COLUMNS else "varchar"


def text_rules(con: duckdb.DuckDBPyConnection) -> None:
    """The macros ``score_code`` (an indicator code as codes are matched), ``score_code_sign``
    and ``score_is_report`` in ``con``; the store's read connections have them too."""
    edge_class = "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE + DASHES)
    words = "[" + ", ".join(_literal(w) for w in NOT_YET_MEASURED_WORDS) + "]"
    text = _sql("text").format(
        whitespace=_literal(WHITESPACE), dashes=_literal(DASHES), edge_class=edge_class, nm_words=words
    )
    for statement in _statements(text):
        con.execute(statement)


def _literal(constant: str) -> str:
    """A constant of this module as an SQL string literal (macros cannot take parameters)."""
    return "'" + constant.replace("'", "''") + "'"


def setup(con: duckdb.DuckDBPyConnection, cfg: Settings = default_settings) -> None:
    """The scoring's constants, macros and word tables in ``con`` (once per connection)."""
    text_rules(con)
    params = [
        cfg.met_ratio,
        cfg.on_track_ratio,
        *cfg.default_plan,
        cfg.far_above_ratio,
        RATIO_TOLERANCE,
        COMPLETION_PAST_TARGET,
        fiscal_year_of(cfg.judged_on()),
        PLACEHOLDER_SHARE,
        RATING_TOP,
        RATING_WORD,
    ]
    for statement in _statements(_sql("setup")):
        con.execute(statement, params if "?" in statement else [])
    _register(con, "score_titles", _titles())
    _register(con, "score_words", _words())
    _register(con, "score_inference_codes", pd.DataFrame({"code": pd.array(list(INFERENCES), dtype="string")}))


def score(con: duckdb.DuckDBPyConnection, cfg: Settings = default_settings, setup_first: bool = True) -> None:
    """Score every indicator-year of the ``src_*`` inputs into the connection's temporary
    tables (``score_facts``, ``score_quarters``, ``score_flags``, ``score_annual``)."""
    if setup_first:
        setup(con, cfg)
    for step in _STEPS:
        if step == "flags":
            _register(con, "score_reasons", _reasons(con))
        con.execute(_sql(step))


def derive_frames(
    tables: dict[str, pd.DataFrame], import_flags: pd.DataFrame | None = None, cfg: Settings = default_settings
) -> dict[str, pd.DataFrame]:
    """:func:`kpi_model.derive.derive`, computed set-wise: the same frames, typed the same way,
    in the same order. ``tables`` passed the schema check."""
    con = duckdb.connect()
    try:
        con.execute("set threads = 2")
        for table, name in INPUTS.items():
            frame = import_flags if table == "import_flags" else tables.get(table)
            if frame is None or (table == "import_flags" and not len(frame)):
                frame = empty_input(table)
            con.register(name, frame)
        score(con, cfg)
        out = {}
        for table in OUTPUTS:
            frame = con.execute(output_query(table) + " order by " + ", ".join(_ORDER[table])).df()
            out[table] = typed_frame(frame)
        return out
    finally:
        con.close()


def _statements(text: str) -> list[str]:
    return [s for s in text.split(";\n") if s.strip()]


def _register(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register(name, frame)


def _titles() -> pd.DataFrame:
    return pd.DataFrame(
        [(code, sev, th, en) for code, (sev, th, en) in FLAG_CODES.items()],
        columns=["code", "severity", "title_th", "title_en"],
    )


def _words() -> pd.DataFrame:
    rows = [("status", k, v) for k, v in STATUS_TH.items()] + [("plan", k, v) for k, v in PLAN_TH.items()]
    return pd.DataFrame(rows, columns=["kind", "key", "th"])


def _reasons(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Why each inferred-lower indicator was read as lower, from the reference
    :func:`~kpi_model.achievement.infer_direction` once per distinct wording (the reasons are
    prose, and the wording repeats across agencies and years)."""
    rows = con.execute(
        "select distinct name_th, unit_th, unit, target from score_facts"
        " where dir = 'lower' and dir_source = 'inferred'"
    ).fetchall()
    out = []
    for name_th, unit_th, unit, target in rows:
        guess = infer_direction(name_th, unit_th, None, unit, target)
        if guess.direction == "lower":
            out.append((name_th, unit_th, unit, target, guess.reason_th, guess.reason_en))
        else:
            out.append((name_th, unit_th, unit, target, "จากบรรทัดค่าเป้าหมายของหน้า", "from the page's target line"))
    return pd.DataFrame(out, columns=["name_th", "unit_th", "unit", "target", "reason_th", "reason_en"]).astype(
        {"name_th": "string", "unit_th": "string", "unit": "string", "target": "Float64"}
    )


def empty_input(table: str) -> pd.DataFrame:
    if table == "import_flags":
        cols = [c for c in FLAG_COLUMNS if c != "agency_code"]
        return pd.DataFrame(
            {c: pd.Series(dtype="Int64" if c in ("fiscal_year", "quarter") else "string") for c in cols}
        )
    spec = TABLES[table]
    kinds = {"text": "string", "int": "Int64", "float": "Float64"}
    return pd.DataFrame({c.name: pd.Series(dtype=kinds[c.kind]) for c in spec.columns})


assert set(INPUTS) - {"import_flags"} == set(SOURCE_TABLES)
