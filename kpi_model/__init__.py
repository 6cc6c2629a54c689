"""The BMA KPI model: pure Python, no Streamlit.

Rooms: ``fiscal`` (BE fiscal calendar), ``achievement`` (the verdict of one indicator-quarter),
``rollup`` (groups), ``quality`` (data-quality flags), ``derive`` (the derived tables of a
store), ``store`` (the only package with SQL), ``importer`` (outside formats), ``views`` (what
each page shows), ``explain`` (a verdict in words), ``export`` and ``demo``. Run
``python -m kpi_model --help`` for the command line.
"""

__all__: list[str] = []
