"""The rooms of the house: the model never imports Streamlit, and only the store speaks SQL."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+[\w*\"]", re.IGNORECASE)


def python_files(*folders: str) -> list[Path]:
    return [p for f in folders for p in sorted((ROOT / f).rglob("*.py"))]


def test_the_model_never_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in python_files("kpi_model")
                 if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_only_the_store_module_holds_sql():
    offenders = [str(p.relative_to(ROOT)) for p in python_files("kpi_model", "pages", "ui") + [ROOT / "dashboard.py"]
                 if p.name != "store.py" and SQL.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_pages_do_no_arithmetic_on_data_frames():
    """A page lays out what the model returns: no groupby, merge or pivot in pages/."""
    offenders = [str(p.relative_to(ROOT)) for p in python_files("pages")
                 if re.search(r"\.(groupby|merge|pivot_table|pivot)\(", p.read_text(encoding="utf-8"))]
    assert offenders == []
