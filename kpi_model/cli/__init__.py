"""Command line: ``python -m kpi_model demo|check|import|export|brief|settings|history|rollback|rescore|publish|pull|followup|notify`` (DESIGN §4, §8, §9).

One module per concern: :mod:`kpi_model.cli.store` (the versioned store: demo, check, import,
export, brief, settings, history, rollback, rescore, publish, pull), :mod:`kpi_model.cli.followup`
(the follow-up database) and :mod:`kpi_model.cli.notify` (e-mail). Each registers its commands
with :func:`command`; :func:`main` parses and runs one."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from kpi_model.config import check as check_settings
from kpi_model.config import default_store_dir
from kpi_model.errors import ConfigError, KpiError

__all__ = ["COMMANDS", "Command", "command", "main", "store_option", "unpublished"]

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


def store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store", type=Path, default=None, help=f"store folder (default: $KPI_STORE or {default_store_dir()})"
    )


def unpublished(written) -> int:
    """0, or 1 after saying so when the write just made is not on the shared storage."""
    if written.publish_problem:
        print(f"warning: {written.publish_problem}", file=sys.stderr)
        return 1
    return 0


#: The modules that register commands, in the order ``--help`` lists them.
_COMMAND_MODULES = ("kpi_model.cli.store", "kpi_model.cli.followup", "kpi_model.cli.notify")


def main(argv: list[str] | None = None) -> int:
    for name in _COMMAND_MODULES:
        importlib.import_module(name)
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
