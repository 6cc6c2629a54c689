"""The rooms of the house: the model never imports Streamlit, each database's SQL stays in its own
package (the KPI store's in kpi_model/store, the follow-up database's in kpi_model/followup), pages
reach neither the store nor the demo, and production code never loads the demo."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A statement's first words: a query, a change, a CTE (``with x as (``), or a table or view made.
SQL = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+[\w*\"]"
    r"|\bWITH\s+\w+\s+AS\s*\("
    r"|\bCREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+|TEMPORARY\s+)?(TABLE|VIEW)\b",
    re.IGNORECASE,
)
STORE = ROOT / "kpi_model" / "store"  # the KPI store's SQL, run by DuckDB (DESIGN §2)
# What people write (DESIGN §9): the follow-up database, reached through SQLAlchemy Core; the
# notification log and subscriptions will live in the same database, written by kpi_model/notify/.
FOLLOWUP_DATABASE = (ROOT / "kpi_model" / "followup", ROOT / "kpi_model" / "notify")
DUCKDB = re.compile(r"^\s*(import|from)\s+duckdb\b", re.M)
SQLALCHEMY = re.compile(r"^\s*(import|from)\s+(sqlalchemy|alembic)\b", re.M)


def python_files(*folders: str) -> list[Path]:
    return [p for f in folders for p in sorted((ROOT / f).rglob("*.py"))]


def test_the_model_never_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files("kpi_model")
        if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def misplaced_sql(path: Path, text: str) -> str | None:
    """Why ``path`` may not hold what it holds, or None. The KPI store's SQL (DuckDB) is written
    only in kpi_model/store/ (its queries in kpi_model/store/queries/*.sql); the follow-up
    database's only in kpi_model/followup/ (and kpi_model/notify/), through SQLAlchemy Core;
    every other module holds no SQL and imports neither engine."""
    in_store = STORE in path.parents
    in_followup = any(folder in path.parents for folder in FOLLOWUP_DATABASE)
    if DUCKDB.search(text) and not in_store:
        return "imports duckdb outside kpi_model/store/"
    if SQLALCHEMY.search(text) and not in_followup:
        return "imports SQLAlchemy or Alembic outside the follow-up database's package"
    if SQL.search(text) and not in_store and not in_followup:
        return "holds SQL outside kpi_model/store/ and the follow-up database's package"
    if SQL.search(text) and in_followup and not SQLALCHEMY.search(text):
        return "holds follow-up SQL without going through SQLAlchemy"
    return None


def test_sql_lives_only_with_its_database():
    """Each database's SQL stays in the one package that owns it (see misplaced_sql)."""
    offenders = [
        (str(p.relative_to(ROOT)), why)
        for p in [*python_files("kpi_model", "pages", "ui"), ROOT / "dashboard.py"]
        if (why := misplaced_sql(p, p.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_sql_rule_refuses_each_database_outside_its_package():
    """The rule is not wider than the house means: no module but the owners may hold SQL, and
    neither owner may speak the other's engine."""
    kpi = ROOT / "kpi_model"
    select = "rows = con.execute('select code from kpi').fetchall()\n"
    assert misplaced_sql(kpi / "views" / "overview.py", select) is not None
    assert misplaced_sql(kpi / "brief" / "content.py", "import sqlalchemy as sa\n") is not None
    assert misplaced_sql(kpi / "store" / "build.py", "import sqlalchemy as sa\n" + select) is not None
    assert misplaced_sql(kpi / "followup" / "notes.py", "import duckdb\n" + select) is not None
    assert misplaced_sql(kpi / "followup" / "notes.py", select) is not None
    assert misplaced_sql(kpi / "notify" / "log.py", "import duckdb\n") is not None
    assert misplaced_sql(kpi / "followupx" / "notes.py", "import sqlalchemy as sa\n" + select) is not None
    assert misplaced_sql(kpi / "store" / "build.py", "import duckdb\n" + select) is None
    assert misplaced_sql(kpi / "followup" / "notes.py", "import sqlalchemy as sa\n" + select) is None
    assert misplaced_sql(kpi / "notify" / "log.py", "from sqlalchemy import text\n" + select) is None


def test_nothing_outside_the_followup_package_touches_its_tables():
    """Pages and ui/ reach the follow-up database only through kpi_model.followup's functions:
    no SQLAlchemy, no table of its schema."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in [*python_files("pages", "ui"), ROOT / "dashboard.py"]
        if re.search(
            r"^\s*(import|from)\s+(sqlalchemy|alembic|kpi_model\.followup\.(schema|records))",
            p.read_text(encoding="utf-8"),
            re.M,
        )
    ]
    assert offenders == []


def test_the_sql_check_sees_a_cte_and_a_create():
    """The check above is not blind to the statements it names."""
    for statement in (
        "with scored as (select 1)",
        "CREATE VIEW t AS SELECT 1",
        "create table t (a int)",
        'SELECT "name" FROM t',
        "insert into t values (1)",
    ):
        assert SQL.search(statement), statement
    assert not SQL.search("with self.cursor() as cur:  # create a cursor, then close it")


def test_pages_do_no_arithmetic_on_data_frames():
    """A page lays out what the model returns: no groupby, merge or pivot in pages/."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files("pages")
        if re.search(r"\.(groupby|merge|pivot_table|pivot)\(", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# -- who may import whom: pages reach the model through ui.data; the demo is not production ----


def imports_of(path: Path, package: tuple[str, ...] | None = None) -> list[tuple[str, str | None, str | None]]:
    """Every import in ``path`` as (module, name, enclosing function): ``import a.b`` gives
    ("a.b", None, …), ``from a import b`` gives ("a", "b", …); relative imports are resolved
    against the file's package (by default, its folder under the project). The function is
    None at module level."""
    if package is None:
        package = path.relative_to(ROOT).parent.parts
    found: list[tuple[str, str | None, str | None]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Import):
                found.extend((a.name, None, function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join([*package[: len(package) - child.level + 1], *([base] if base else [])])
                found.extend((base, a.name, function) for a in child.names)
            visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def imports_module(module: str, name: str | None, target: str) -> bool:
    """The import (module, name) brings in ``target`` or something inside it."""
    full = f"{module}.{name}" if name else module
    return any(m == target or m.startswith(target + ".") for m in (module, full))


def where(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_pages_never_import_the_demo_module():
    """Pages show what the store holds; whether a row is synthetic comes from its source."""
    offenders = [
        (where(p), m, n)
        for p in python_files("pages")
        for m, n, _ in imports_of(p)
        if imports_module(m, n, "kpi_model.demo")
    ]
    assert offenders == []


def test_pages_never_import_the_store():
    """A page reads the model through ui.data's cached loaders, never a Store of its own;
    the Filters it builds is a plain value of kpi_model.filters."""
    offenders = [
        (where(p), m, n)
        for p in python_files("pages")
        for m, n, _ in imports_of(p)
        if imports_module(m, n, "kpi_model.store")
    ]
    assert offenders == []


# The one place outside the demo that may load it: the command that writes the demo store.
DEMO_IMPORTERS = {("kpi_model/cli/store.py", "run_demo")}


def test_production_code_never_imports_the_demo_module():
    """The model (but the demo itself), the dashboard's ui and pages take reference tables and
    the synthetic marker from kpi_model.reference_data; only ``python -m kpi_model demo``
    loads the demo."""
    files = [
        p for p in [*python_files("kpi_model", "ui", "pages"), ROOT / "dashboard.py"] if where(p) != "kpi_model/demo.py"
    ]
    offenders = [
        (where(p), m, n, f)
        for p in files
        for m, n, f in imports_of(p)
        if imports_module(m, n, "kpi_model.demo") and (where(p), f) not in DEMO_IMPORTERS
    ]
    assert offenders == []


def test_the_import_check_sees_every_form_of_import(tmp_path):
    """The checks above would catch ``import``, ``from … import``, a relative import and an
    import inside a function, and name the function."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import kpi_model.demo\nfrom kpi_model import demo\nfrom .demo import demo_tables\n"
        "from kpi_model import demography\n"
        "def f():\n    from kpi_model.demo import SEED_FILE\n",
        encoding="utf-8",
    )
    got = [(m, n, f) for m, n, f in imports_of(sample, ("kpi_model",)) if imports_module(m, n, "kpi_model.demo")]
    assert got == [
        ("kpi_model.demo", None, None),
        ("kpi_model", "demo", None),
        ("kpi_model.demo", "demo_tables", None),
        ("kpi_model.demo", "SEED_FILE", "f"),
    ]


def test_every_view_is_on_the_views_package_and_no_module_shadows_one():
    """ui.data loads a view by name from kpi_model.views: each page module's __all__ is
    re-exported there, and no submodule is named like a view (it would replace it)."""
    import importlib
    import pkgutil

    from kpi_model import views

    modules = [importlib.import_module(f"kpi_model.views.{m.name}") for m in pkgutil.iter_modules(views.__path__)]
    exported = [name for mod in modules for name in mod.__all__]
    assert sorted(views.__all__) == sorted(exported)
    assert len(set(exported)) == len(exported)  # one home each
    assert all(getattr(views, name) is getattr(mod, name) for mod in modules for name in mod.__all__)
    assert {m.__name__.rpartition(".")[2] for m in modules}.isdisjoint(exported)


def test_every_file_the_packages_read_ships_with_them():
    """``pip install .`` (not editable) copies a package's non-Python files only when
    pyproject.toml's package-data names them: the pack's stylesheet, the store's queries (those
    of the scoring too, one folder down), the reference tables and the favicon."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = {
        path
        for package, patterns in config["tool"]["setuptools"]["package-data"].items()
        for pattern in patterns
        for path in (ROOT / package.replace(".", "/")).glob(pattern)
        if path.is_file()
    }
    data = [
        path
        for folder in ("kpi_model", "ui")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert {ROOT / "kpi_model" / "brief" / "pack.css", ROOT / "kpi_model" / "store" / "queries" / "rows.sql"} <= set(
        data
    )
    assert [str(p.relative_to(ROOT)) for p in data if p not in shipped] == []
