"""Issue 7, "prove it": runs that show the store survives a killed importer, concurrent readers
and writers, hostile files and many browser sessions. One module per proof, the command line in
``__main__`` (``python -m scripts.reliability crash|concurrency|fuzz|load|all``):

- ``common``: the project root, a child's environment, the demo fixture, page and store keys
- ``crash``: SIGKILL the importer at many moments
- ``concurrency``: dashboard reads during imports and rollbacks; two imports at once
- ``fuzz``: hostile files through ``import_paths`` (Hypothesis)
- ``formulas``: formula-like cells exported as .csv and .xlsx
- ``markup``: a page with markup, kept as written and shown as text
- ``load``: N browser sessions against one server

docs/RELIABILITY.md has the figures; tests/scripts/test_reliability.py runs small versions.
"""
