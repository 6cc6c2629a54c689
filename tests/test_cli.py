import pandas as pd
import pytest

from kpi_model.__main__ import main
from tests.factories import small_tables


def test_check_on_the_demo_store_prints_flags_grouped_by_code(demo_store, capsys):
    assert main(["check", "--store", str(demo_store.root)]) == 0
    out = capsys.readouterr().out
    assert "valid" in out
    assert "level_recorded_as_percent" in out and "0402-0810 FY2564" in out
    assert "result_goes_down" in out and "target_zero" in out


@pytest.mark.parametrize("breakage, where", [
    (lambda t: t["agencies"].rename(columns={"kind": "agency_kind"}), "agencies.csv, column kind: ไม่มีคอลัมน์ kind"),
    (lambda t: t["quarterly_results"].assign(quarter=[1, 2, 1, 5, 1, 2]), "quarterly_results.csv, row 5, column quarter"),
    (lambda t: pd.concat([t["indicators"], t["indicators"].iloc[[0]]]), "indicators.csv, row 5, column indicator_code,fiscal_year"),
])
def test_check_names_table_row_and_column_of_a_broken_store(tmp_path, capsys, breakage, where):
    tables = small_tables()
    broken = breakage(tables)
    for table, frame in tables.items():
        frame.to_csv(tmp_path / f"{table}.csv", index=False)
    target = where.split(".csv")[0]
    broken.to_csv(tmp_path / f"{target}.csv", index=False)
    assert main(["check", "--store", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert where in err


def test_demo_if_missing_leaves_an_existing_store(demo_store, capsys):
    version = demo_store.version()
    assert main(["demo", "--store", str(demo_store.root), "--if-missing"]) == 0
    assert demo_store.version() == version
    assert "store exists" in capsys.readouterr().out
