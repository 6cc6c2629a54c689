"""Command line: ``python -m kpi_model demo|check|import|export|brief|settings|history|rollback|publish|pull|followup|notify`` (DESIGN §4, §8, §9)."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kpi_model.config import check as check_settings
from kpi_model.config import default_store_dir
from kpi_model.errors import ConfigError, ImportRejected, KpiError

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str):
    """Register a subcommand: the decorated function runs it, ``configure`` adds its options."""

    def wrap(configure: Callable[[argparse.ArgumentParser], None]):
        def register(run: Command) -> Command:
            COMMANDS[name] = (run, configure, help_text)
            return run

        return register

    return wrap


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store", type=Path, default=None, help=f"store folder (default: $KPI_STORE or {default_store_dir()})"
    )


def _unpublished(store) -> int:
    """0, or 1 after saying so when the write just made is not on the shared storage."""
    if store.publish_problem:
        print(f"warning: {store.publish_problem}", file=sys.stderr)
        return 1
    return 0


def _demo_options(p: argparse.ArgumentParser) -> None:
    _store_option(p)
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


@command("check", "validate a store and print its quality flags")(_store_option)
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
    _store_option(p)
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
    if result.rejected:
        print(
            f"rejected: {len(result.rejected)} problem(s); nothing was imported, the store is unchanged",
            file=sys.stderr,
        )
        for p in result.rejected:
            print(f"  {p}", file=sys.stderr)
        return 1
    print(
        f"imported {len(result.files)} file(s) into {store.root}: "
        f"{result.added} indicator-year(s) added, {result.replaced} replaced; version {result.version}"
    )
    for flag in result.flags:
        print(f"  [{flag['severity']}] {flag['indicator_code']} FY{flag['fiscal_year']}: {flag['message_en']}")
    return _unpublished(store)


def _export_options(p: argparse.ArgumentParser) -> None:
    _store_option(p)
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
    _store_option(p)
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
    _store_option(out)
    into = actions.add_parser(
        "import",
        help="import a settings file (versioned and logged, all or nothing)",
        description="import FILE as the indicator_settings table, whatever its name: "
        "each row replaces the stored setting of the same code and year",
    )
    into.add_argument("file", type=Path, help="a .csv or .xlsx with the indicator_settings columns")
    _store_option(into)
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
    if result.rejected:
        print(
            f"rejected: {len(result.rejected)} problem(s); nothing was imported, the store is unchanged",
            file=sys.stderr,
        )
        for p in result.rejected:
            print(f"  {p}", file=sys.stderr)
        return 1
    print(
        f"imported {args.file} into {store.root}: {result.settings_added} setting(s) added, "
        f"{result.settings_replaced} replaced; version {result.version}"
    )
    return _unpublished(store)


@command("history", "list the kept store versions and the import log")(_store_option)
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
    _store_option(p)


@command("rollback", "make a kept version current again (atomically, as a new version)")(_rollback_options)
def run_rollback(args: argparse.Namespace) -> int:
    from kpi_model.store import Store

    store = Store(args.store)
    new = store.rollback(args.version)
    store.log({"user": os.environ.get("USER") or "unknown", "rollback_to": args.version, "version": new})
    print(f"rolled back {store.root} to {args.version} (now version {new})")
    return _unpublished(store)


@command("rescore", "store the verdicts of the settings in force (after a threshold or default plan changed)")(
    _store_option
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
    return _unpublished(store)


def _shared_options(p: argparse.ArgumentParser) -> None:
    _store_option(p)
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


def _followup_options(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="followup_command", required=True)
    imp = sub.add_parser("import", help="import actions from a CSV or XLSX file (all or nothing)")
    imp.add_argument("file", type=Path)
    _store_option(imp)
    imp.add_argument("--user", required=True, help="the account the actions are written as (its agencies)")
    exp = sub.add_parser("export", help="write actions (.csv) or actions and analyses (.xlsx), neutralised")
    exp.add_argument("file", type=Path)
    _store_option(exp)
    exp.add_argument("--what", choices=["actions", "analyses"], default="actions", help="for .csv: which table")
    exp.add_argument("--agency", action="append", default=None, help="agency code (repeatable; default: all)")
    back = sub.add_parser("backup", help="write every follow-up table to a JSON file")
    back.add_argument("file", type=Path)
    _store_option(back)
    res = sub.add_parser("restore", help="load a backup into an empty follow-up database")
    res.add_argument("file", type=Path)
    _store_option(res)
    res.add_argument("--replace", action="store_true", help="replace the rows the database holds")
    orphans = sub.add_parser("orphans", help="list notes whose indicator is no longer in the store")
    _store_option(orphans)
    acc = sub.add_parser("accounts", help="list, add or change accounts and roles")
    acc_sub = acc.add_subparsers(dest="accounts_command", required=True)
    _store_option(acc_sub.add_parser("list", help="every account"))
    for name in ("add", "set"):
        a = acc_sub.add_parser(name, help=f"{name} an account")
        a.add_argument("username")
        _store_option(a)
        a.add_argument("--role", required=name == "add", choices=["viewer", "agency_editor", "analyst", "admin"])
        a.add_argument("--agency", action="append", default=None, help="agency code of an agency editor (repeatable)")
        a.add_argument("--email", default=None, help="matched for OpenID Connect sign-in")
        a.add_argument("--display-name", default=None)
        a.add_argument("--password", action="store_true", help="ask for a password (local sign-in)")
        if name == "set":
            a.add_argument("--active", choices=["yes", "no"], default=None)


def _ask_password() -> str:
    import getpass

    password = getpass.getpass("Password: ")
    if not password or password != getpass.getpass("Again: "):
        raise KpiError("the two passwords differ (or are empty); nothing changed")
    return password


def _followup_accounts(args: argparse.Namespace, db) -> int:
    import getpass

    from kpi_model import followup as fu

    operator = fu.Operator(f"cli:{getpass.getuser()}")
    if args.accounts_command == "list":
        for a in fu.list_accounts(db):
            agencies = ",".join(sorted(a.agencies)) or "-"
            state = "active" if a.active else "deactivated"
            print(f"{a.username:<24} {a.role:<14} {agencies:<20} {a.email or '-':<32} {state}")
        return 0
    try:
        if args.accounts_command == "add":
            account = fu.add_account(
                db,
                operator,
                args.username,
                args.role,
                args.agency or (),
                email=args.email,
                display_name=args.display_name or "",
                password=_ask_password() if args.password else None,
            )
        else:
            found = fu.account_by_username(db, args.username)
            if found is None:
                raise KpiError(f"no account {args.username!r} (see: python -m kpi_model followup accounts list)")
            changes: dict = {}
            if args.role is not None:
                changes["role"] = args.role
            if args.agency is not None:
                changes["agencies"] = args.agency
            if args.email is not None:
                changes["email"] = args.email
            if args.display_name is not None:
                changes["display_name"] = args.display_name
            if args.active is not None:
                changes["active"] = args.active == "yes"
            account = fu.update_account(db, operator, found.id, **changes) if changes else found
            if args.password:
                fu.set_password(db, operator, account.id, _ask_password())
    except fu.Invalid as exc:
        for p in exc.problems:
            print(f"error: {p.column}: {p.message_en} / {p.message_th}", file=sys.stderr)
        return 1
    print(
        f"{account.username}: {account.role} {','.join(sorted(account.agencies)) or '-'} ({'active' if account.active else 'deactivated'})"
    )
    return 0


@command("followup", "the follow-up database: import|export|backup|restore|orphans|accounts")(_followup_options)
def run_followup(args: argparse.Namespace) -> int:
    from kpi_model import followup as fu
    from kpi_model.followup import transfer

    store_dir = args.store if args.store is not None else default_store_dir()
    db = fu.open_followup(store_dir)
    try:
        what = args.followup_command
        if what == "accounts":
            return _followup_accounts(args, db)
        if what in ("import", "orphans"):
            from kpi_model.store import Store

            known = [str(c) for c in Store(store_dir).distinct("indicators", "indicator_code")]
        if what == "orphans":
            for o in fu.orphaned_notes(db, known):
                k = o.key
                print(
                    f"{k.indicator_code} FY{k.fiscal_year} Q{k.quarter}: {o.analyses} analyses, {o.actions} actions, {o.comments} comments"
                )
            return 0
        if what == "import":
            user = fu.account_by_username(db, args.user)
            if user is None:
                raise KpiError(f"no account {args.user!r} in the follow-up database {db.url}")
            try:
                result = transfer.import_actions(db, user, args.file, known)
            except ImportRejected as exc:
                print(f"rejected: {len(exc.problems)} problem(s); nothing was imported", file=sys.stderr)
                for p in exc.problems:
                    print(f"  {p}", file=sys.stderr)
                return 1
            except fu.FollowupError as exc:
                print(f"rejected: {exc.message_en} / {exc.message_th}; nothing was imported", file=sys.stderr)
                return 1
            print(
                f"imported {result.file}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged"
            )
            return 0
        if what == "export":
            if args.file.suffix.lower() not in (".csv", ".xlsx"):
                print("error: FILE must end in .csv or .xlsx", file=sys.stderr)
                return 2
            n = transfer.export_followup(db, args.file, args.what, args.agency)
            print(f"wrote {args.file}: {n} row(s)")
            return 0
        if what == "backup":
            counts = transfer.backup(db, args.file)
            print(f"backed up {db.url} to {args.file}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            return 0
        counts = transfer.restore(db, args.file, replace=args.replace)
        print(f"restored {args.file} into {db.url}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return 0
    finally:
        db.close()


def _notify_options(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="notify_command", required=True)
    add = sub.add_parser("subscribe", help="subscribe EMAIL to the quarterly pack (the city by default)")
    add.add_argument("email")
    scope = add.add_mutually_exclusive_group()
    scope.add_argument("--agency", default=None, help="an agency code")
    scope.add_argument("--strategy", default=None, help="a strategy dimension code, e.g. 7")
    add.add_argument("--lang", choices=["th", "en"], default="th", help="language of the pack (default: th)")
    _store_option(add)
    end = sub.add_parser(
        "unsubscribe", help="end EMAIL's subscriptions (all, or the one of --agency/--strategy/--city)"
    )
    end.add_argument("email")
    which = end.add_mutually_exclusive_group()
    which.add_argument("--agency", default=None)
    which.add_argument("--strategy", default=None)
    which.add_argument("--city", action="store_true")
    _store_option(end)
    _store_option(sub.add_parser("list", help="every subscription"))
    run = sub.add_parser("run", help="send what is due: packs, reminders, alert digests (for cron or a timer)")
    _store_option(run)
    run.add_argument("--today", default=None, help=argparse.SUPPRESS)  # tests: a Bangkok date, YYYY-MM-DD
    log = sub.add_parser("log", help="every send and failure, newest first")
    log.add_argument("--limit", type=int, default=50)
    _store_option(log)


@command("notify", "e-mail: subscribe|unsubscribe|list|run|log")(_notify_options)
def run_notify(args: argparse.Namespace) -> int:
    import datetime as dt
    import getpass

    from kpi_model import followup as fu
    from kpi_model import notify

    store_dir = args.store if args.store is not None else default_store_dir()
    if args.notify_command == "run":  # settings first: a bad one stops the run before anything is read
        smtp = notify.smtp_settings()
        ns = notify.notify_settings()
    db = fu.open_followup(store_dir)
    try:
        what = args.notify_command
        if what == "subscribe":
            try:
                sub = notify.subscribe(
                    db,
                    args.email,
                    f"cli:{getpass.getuser()}",
                    agency=args.agency,
                    strategy=args.strategy,
                    lang=args.lang,
                )
            except notify.NotifyInputError as exc:
                print(f"error: {exc.message_en} / {exc.message_th}", file=sys.stderr)
                return 1
            print(f"subscribed {sub.email} to {sub.describe()} (id {sub.id}); the next run sends the latest pack")
            return 0
        if what == "unsubscribe":
            ended = 0
            for sub in notify.list_subscriptions(db, args.email, active_only=True):
                wanted = (
                    (args.agency is None and args.strategy is None and not args.city)
                    or (args.city and sub.scope_kind == "city")
                    or (args.agency is not None and (sub.scope_kind, sub.scope_code) == ("agency", args.agency))
                    or (args.strategy is not None and (sub.scope_kind, sub.scope_code) == ("strategy", args.strategy))
                )
                if wanted:
                    notify.end_subscription(db, sub.id)
                    ended += 1
                    print(f"unsubscribed {sub.email} from {sub.describe()}")
            if not ended:
                print(f"error: no live subscription of {args.email} matches", file=sys.stderr)
                return 1
            return 0
        if what == "list":
            for sub in notify.list_subscriptions(db):
                last = f"{sub.last_sent[0]} Q{sub.last_sent[1]}" if sub.last_sent else "-"
                state = "active" if sub.active else "ended"
                print(f"{sub.id:>5} {sub.email:<32} {sub.describe():<18} {sub.lang} last sent {last:<9} {state}")
            return 0
        if what == "log":
            for e in notify.mail_log(db, args.limit):
                print(
                    f"{e.at:%Y-%m-%d %H:%M:%S}Z {e.result:<8} {e.kind:<14} {e.recipient:<32} {e.message_key}  {e.detail}"
                )
            return 0
        from kpi_model.store import Store

        store = Store(store_dir)
        if not store.exists():
            print(f"error: no store at {store.root}", file=sys.stderr)
            return 2
        today = dt.date.fromisoformat(args.today) if args.today else None
        report = notify.notify_run(db, store, smtp, ns, today=today, say=print)
        print(
            f"notify run: {report.sent} sent, {report.failed} failed (retried later), "
            f"{report.rejected} rejected, {report.waiting} waiting for a retry"
        )
        return 1 if report.failed or report.rejected else 0
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpi_model", description="BMA KPI store tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_, configure, help_text) in COMMANDS.items():
        configure(sub.add_parser(name, help=help_text, description=help_text))
    args = parser.parse_args(argv)
    try:
        check_settings()  # a setting that cannot be read stops every command (exit 2)
        return COMMANDS[args.command][0](args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KpiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
