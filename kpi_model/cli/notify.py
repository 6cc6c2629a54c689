"""E-mail's commands: subscribe|unsubscribe|list|run|log."""

from __future__ import annotations

import argparse
import sys

from kpi_model.cli import command, store_option
from kpi_model.config import default_store_dir

__all__ = [
    "run_notify",
]


def _notify_options(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="notify_command", required=True)
    add = sub.add_parser("subscribe", help="subscribe EMAIL to the quarterly pack (the city by default)")
    add.add_argument("email")
    scope = add.add_mutually_exclusive_group()
    scope.add_argument("--agency", default=None, help="an agency code")
    scope.add_argument("--strategy", default=None, help="a strategy dimension code, e.g. 7")
    add.add_argument("--lang", choices=["th", "en"], default="th", help="language of the pack (default: th)")
    store_option(add)
    end = sub.add_parser(
        "unsubscribe", help="end EMAIL's subscriptions (all, or the one of --agency/--strategy/--city)"
    )
    end.add_argument("email")
    which = end.add_mutually_exclusive_group()
    which.add_argument("--agency", default=None)
    which.add_argument("--strategy", default=None)
    which.add_argument("--city", action="store_true")
    store_option(end)
    store_option(sub.add_parser("list", help="every subscription"))
    run = sub.add_parser("run", help="send what is due: packs, reminders, alert digests (for cron or a timer)")
    store_option(run)
    run.add_argument("--today", default=None, help=argparse.SUPPRESS)  # tests: a Bangkok date, YYYY-MM-DD
    log = sub.add_parser("log", help="every send and failure, newest first")
    log.add_argument("--limit", type=int, default=50)
    store_option(log)


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
