"""The versioned store's commands: demo, check, import, export, brief, settings, history,
rollback, rescore, publish, pull."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from kpi_model.cli import command, store_option, unpublished
from kpi_model.errors import KpiError

__all__ = [
    "run_brief",
    "run_check",
    "run_demo",
    "run_export",
    "run_history",
    "run_import",
    "run_publish",
    "run_pull",
    "run_rescore",
    "run_rollback",
    "run_settings",
]


def _said_rejected(problems: list) -> bool:
    """Print an import's problems (nothing written, the store unchanged); True when there were any."""
    if not problems:
        return False
    print(f"rejected: {len(problems)} problem(s); nothing was imported, the store is unchanged", file=sys.stderr)
    for p in problems:
        print(f"  {p}", file=sys.stderr)
    return True


def _demo_options(p: argparse.ArgumentParser) -> None:
    store_option(p)
    p.add_argument("--scale", type=int, default=1, help="multiply the synthetic rows (benchmarks)")
    p.add_argument("--if-missing", action="store_true", help="do nothing when the store exists")


@command("demo", "write the embedded demo store (seed indicator + labelled synthetic data)")(_demo_options)
def run_demo(args: argparse.Namespace) -> int:
    from kpi_model.demo import demo_tables, scale_tables
    from kpi_model.store import Store

    store = Store(args.store)
    if args.if_missing and store.exists():
        print(f"store exists: {store.root} (version {store.version()})")
        return 0
    tables = scale_tables(demo_tables(), max(1, args.scale))
    version = store.write(tables, note=f"demo --scale {args.scale}")
    rows = store.meta().rows
    print(f"demo store written: {store.root} version {version}")
    for table in ("agencies", "strategies", "indicators", "indicator_levels", "quarterly_results", "quality_flags"):
        print(f"  {table:<18} {rows.get(table, 0):>9,}")
    return 0


@command("check", "validate a store and print its quality flags")(store_option)
def run_check(args: argparse.Namespace) -> int:
    from kpi_model.store import Store

    store = Store(args.store)
    problems = store.check()
    if problems:
        print(f"store {store.root} is invalid ({len(problems)} problems):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    flags = store.select(
        "quality_flags", columns=["code", "severity", "indicator_code", "fiscal_year", "quarter", "message_en"]
    )
    print(f"store {store.root} version {store.version()}: valid; {len(flags):,} quality flags")
    counts = Counter(zip(flags["severity"], flags["code"]))
    for (severity, code), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1])):
        sample = flags[flags["code"] == code].head(3)
        examples = ", ".join(
            f"{r.indicator_code} FY{r.fiscal_year}" + ("" if pd.isna(r.quarter) else f" Q{int(r.quarter)}")
            for r in sample.itertuples()
        )
        print(f"  [{severity:<7}] {code:<28} {n:>7,}  e.g. {examples}")
    return 0


def _import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="detail pages (.txt), CSV or XLSX files, folders or globs")
    store_option(p)
    p.add_argument("--fy", type=int, default=None, help="fiscal year (BE) of pages that do not say it")


@command("import", "import detail pages, CSV and XLSX into the store (all or nothing)")(_import_options)
def run_import(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from kpi_model.importer.batch import expand_paths, import_paths
    from kpi_model.store import Store

    store = Store(args.store)
    files, _ = expand_paths(args.paths)
    with tqdm(total=len(files), unit="file", disable=len(files) < 2 or not sys.stderr.isatty(), file=sys.stderr) as bar:
        result = import_paths(store, args.paths, args.fy, progress=lambda _p: bar.update())
    if _said_rejected(result.rejected):
        return 1
    print(
        f"imported {len(result.files)} file(s) into {store.root}: "
        f"{result.added} indicator-year(s) added, {result.replaced} replaced; version {result.version}"
    )
    for flag in result.flags:
        print(f"  [{flag['severity']}] {flag['indicator_code']} FY{flag['fiscal_year']}: {flag['message_en']}")
    return unpublished(store)


def _export_options(p: argparse.ArgumentParser) -> None:
    store_option(p)
    p.add_argument("--agency", action="append", default=[], help="agency code (repeatable)")
    p.add_argument("--fy", type=int, action="append", default=[], help="fiscal year, BE (repeatable)")
    p.add_argument("--quarter", type=int, action="append", default=[], choices=[1, 2, 3, 4])
    p.add_argument("--strategy", default=None, help="strategy branch code, e.g. 7 or 7.3.1")
    p.add_argument("-o", "--output", type=Path, required=True, help="FILE.csv or FILE.xlsx")


@command("export", "write the dashboard's extract (.csv UTF-8 with BOM, or .xlsx)")(_export_options)
def run_export(args: argparse.Namespace) -> int:
    from kpi_model.export import extract, write_extract
    from kpi_model.store import Filters, Store

    if args.output.suffix.lower() not in (".csv", ".xlsx"):
        print("error: -o must end in .csv or .xlsx", file=sys.stderr)
        return 2
    filters = Filters(
        agency_codes=tuple(args.agency),
        fiscal_years=tuple(args.fy),
        quarters=tuple(args.quarter),
        strategy=args.strategy,
    )
    frame = extract(Store(args.store), filters)
    write_extract(frame, args.output)
    print(f"wrote {len(frame):,} rows to {args.output}")
    return 0


def _brief_options(p: argparse.ArgumentParser) -> None:
    store_option(p)
    p.add_argument("--fy", type=int, required=True, help="fiscal year, BE (e.g. 2567)")
    p.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--agency", default=None, help="one agency or district office code (default: the city)")
    scope.add_argument("--strategy", default=None, help="one strategy branch code, e.g. 7 or 7.3")
    p.add_argument("--lang", choices=["th", "en"], default="th", help="language of the pack (default: th)")
    p.add_argument("-o", "--output", type=Path, required=True, help="FILE.pdf")


@command("brief", "write the quarterly briefing pack (PDF) for the city, a strategy branch or an agency")(
    _brief_options
)
def run_brief(args: argparse.Namespace) -> int:
    from kpi_model.brief import Scope, brief_pdf, pack_followup_db, page_count
    from kpi_model.store import Store

    if args.output.suffix.lower() != ".pdf":
        print("error: -o must end in .pdf", file=sys.stderr)
        return 2
    if args.agency:
        scope = Scope("agency", args.agency)
    elif args.strategy:
        scope = Scope("strategy", args.strategy)
    else:
        scope = Scope()
    store = Store(args.store)
    if not store.exists():
        print(f"error: no store at {store.root}", file=sys.stderr)
        return 2
    followup = pack_followup_db(store)
    try:
        pdf = brief_pdf(store, args.fy, args.quarter, scope, args.lang, followup=followup)
    finally:
        if followup is not None:
            followup.close()
    args.output.write_bytes(pdf)
    print(f"wrote {args.output}: {page_count(pdf)} pages, {len(pdf):,} bytes (store version {store.version()})")
    return 0


def _settings_options(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", required=True)
    out = actions.add_parser(
        "export",
        help="write the stored settings (.csv UTF-8 with BOM, or .xlsx)",
        description="write the stored analysts' settings to FILE; it imports back as it is",
    )
    out.add_argument("file", type=Path, help="FILE.csv or FILE.xlsx")
    store_option(out)
    into = actions.add_parser(
        "import",
        help="import a settings file (versioned and logged, all or nothing)",
        description="import FILE as the indicator_settings table, whatever its name: "
        "each row replaces the stored setting of the same code and year",
    )
    into.add_argument("file", type=Path, help="a .csv or .xlsx with the indicator_settings columns")
    store_option(into)
    into.add_argument("--user", default=None, help="who imports (default: $USER); fills blank set_by")


@command("settings", "export or import the analysts' indicator settings")(_settings_options)
def run_settings(args: argparse.Namespace) -> int:
    from kpi_model.importer.batch import import_paths
    from kpi_model.importer.settings_table import SETTINGS
    from kpi_model.settings import export_settings
    from kpi_model.store import Store

    store = Store(args.store)
    if args.action == "export":
        if args.file.suffix.lower() not in (".csv", ".xlsx"):
            print("error: FILE must end in .csv or .xlsx", file=sys.stderr)
            return 2
        n = export_settings(store, args.file)
        print(f"wrote {n:,} setting(s) of {store.root} (version {store.version()}) to {args.file}")
        return 0
    result = import_paths(store, [args.file], user=args.user, table=SETTINGS)
    if _said_rejected(result.rejected):
        return 1
    print(
        f"imported {args.file} into {store.root}: {result.settings_added} setting(s) added, "
        f"{result.settings_replaced} replaced; version {result.version}"
    )
    return unpublished(store)


@command("history", "list the kept store versions and the import log")(store_option)
def run_history(args: argparse.Namespace) -> int:
    from kpi_model.store import Store

    store = Store(args.store)
    current = store.version()
    print(f"store {store.root}: current version {current}")
    for v in store.versions():
        mark = "*" if v.id == current else " "
        rows = v.rows.get("quarterly_results", 0)
        print(f" {mark} {v.id}  {v.written_at or '':<25}  {rows:>9,} results  {v.note or ''}")
    read = store.read_import_log()
    log = read.entries
    if read.damaged:  # a damaged log is said, never skipped in silence
        lines = ", ".join(str(n) for n in read.damaged[:10]) + (" …" if len(read.damaged) > 10 else "")
        print(
            f"warning: the import log {store.root / 'import_log.jsonl'} has {len(read.damaged)} damaged "
            f"line(s) that cannot be read (line {lines}); they are not listed below",
            file=sys.stderr,
        )
    if log:
        print("import log (newest last):")
        for e in log[-20:]:
            files = ", ".join(f["name"] for f in e.get("files", []))
            settings = (
                f" settings +{e.get('settings_added', 0)} ~{e.get('settings_replaced', 0)}"
                if "settings_added" in e
                else ""
            )
            print(
                f"  {e.get('at')}  {e.get('user')}: +{e.get('added', 0)} ~{e.get('replaced', 0)}{settings} "
                f"rejected {len(e.get('rejected', []))}  [{files}]  -> {e.get('version') or 'nothing written'}"
            )
    return 0


def _rollback_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("version", help="a kept version id (see: history)")
    store_option(p)


@command("rollback", "make a kept version current again (atomically, as a new version)")(_rollback_options)
def run_rollback(args: argparse.Namespace) -> int:
    from kpi_model.store import Store

    store = Store(args.store)
    new = store.rollback(args.version)
    store.log({"user": os.environ.get("USER") or "unknown", "rollback_to": args.version, "version": new})
    print(f"rolled back {store.root} to {args.version} (now version {new})")
    return unpublished(store)


@command("rescore", "store the verdicts of the settings in force (after a threshold or default plan changed)")(
    store_option
)
def run_rescore(args: argparse.Namespace) -> int:
    from kpi_model.store import Store

    store = Store(args.store)
    if not store.exists():
        print(f"error: no store at {store.root}", file=sys.stderr)
        return 2
    new = store.rescore()
    if new is None:
        print(f"{store.root}: version {store.version()} is already scored under the settings in force")
        return 0
    store.log({"user": os.environ.get("USER") or "unknown", "rescore": True, "version": new})
    print(f"scored {store.root} again under the settings in force (now version {new})")
    return unpublished(store)


def _shared_options(p: argparse.ArgumentParser) -> None:
    store_option(p)
    p.add_argument(
        "--to",
        "--from",
        dest="url",
        default=None,
        help="file:///folder or s3://bucket/prefix "
        "(default: $KPI_SHARED_URL; S3 needs KPI_SHARED_S3_ENDPOINT and the keys)",
    )


def _shared_settings(args: argparse.Namespace, role: str):
    from kpi_model.config import from_environment

    env = dict(os.environ)
    if args.url:
        env["KPI_SHARED_URL"] = args.url
    env["KPI_SHARED_ROLE"] = role
    shared = from_environment(env).shared
    if shared is None:
        raise KpiError("no shared storage: give --to URL or set KPI_SHARED_URL")
    return shared


@command("publish", "upload the current version to the shared storage (files, manifest, then latest)")(_shared_options)
def run_publish(args: argparse.Namespace) -> int:
    from kpi_model.store import Store, shared
    from kpi_model.store.layout import Layout

    store = Store(args.store)
    target = shared.SharedTarget(_shared_settings(args, "writer"))
    with store.writer_lock(wait_seconds=30.0):
        version = store.version()
        manifest = shared.publish_version(Layout(store.root), version, target)
    size = sum(f.size for f in manifest.files)
    print(f"published {store.root} version {version} to {target.url}: {len(manifest.files)} files, {size:,} bytes")
    return 0


@command("pull", "make the shared storage's latest version current here (whole, verified, then switched)")(
    _shared_options
)
def run_pull(args: argparse.Namespace) -> int:
    from kpi_model.config import settings
    from kpi_model.store import Store, shared
    from kpi_model.store.layout import Layout

    store = Store(args.store)
    target = shared.SharedTarget(_shared_settings(args, "replica"))
    version = shared.pull_once(Layout(store.root), target, settings.versions_kept)
    print(f"{store.root} serves version {version} (latest on {target.url})")
    return 0
