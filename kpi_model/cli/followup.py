"""The follow-up database's commands: import|export|backup|restore|orphans|accounts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi_model.cli import command, store_option
from kpi_model.config import default_store_dir
from kpi_model.errors import ImportRejected, KpiError

__all__ = [
    "run_followup",
]


def _followup_options(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="followup_command", required=True)
    imp = sub.add_parser("import", help="import actions from a CSV or XLSX file (all or nothing)")
    imp.add_argument("file", type=Path)
    store_option(imp)
    imp.add_argument("--user", required=True, help="the account the actions are written as (its agencies)")
    exp = sub.add_parser("export", help="write actions (.csv) or actions and analyses (.xlsx), neutralised")
    exp.add_argument("file", type=Path)
    store_option(exp)
    exp.add_argument("--what", choices=["actions", "analyses"], default="actions", help="for .csv: which table")
    exp.add_argument("--agency", action="append", default=None, help="agency code (repeatable; default: all)")
    back = sub.add_parser("backup", help="write every follow-up table to a JSON file")
    back.add_argument("file", type=Path)
    store_option(back)
    res = sub.add_parser("restore", help="load a backup into an empty follow-up database")
    res.add_argument("file", type=Path)
    store_option(res)
    res.add_argument("--replace", action="store_true", help="replace the rows the database holds")
    orphans = sub.add_parser("orphans", help="list notes whose indicator is no longer in the store")
    store_option(orphans)
    acc = sub.add_parser("accounts", help="list, add or change accounts and roles")
    acc_sub = acc.add_subparsers(dest="accounts_command", required=True)
    store_option(acc_sub.add_parser("list", help="every account"))
    for name in ("add", "set"):
        a = acc_sub.add_parser(name, help=f"{name} an account")
        a.add_argument("username")
        store_option(a)
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
