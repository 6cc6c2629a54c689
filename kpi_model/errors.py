"""Domain errors. Each carries what a person needs to find the fault: file, row, column."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ConfigError", "ImportRejected", "KpiError", "Problem", "StoreInvalid", "StoreLocked"]


class KpiError(Exception):
    """Base of every error the model raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One fault in one place. ``row`` is 1-based (a data row, or a line of a page)."""

    file: str
    row: int | None
    column: str | None
    message_th: str
    message_en: str

    def where(self) -> str:
        parts = [self.file or "?"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message_th} / {self.message_en}"


class ImportRejected(KpiError):
    """An input file was refused; the store was not touched."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StoreInvalid(KpiError):
    """A store table breaks the schema (wrong column, bad value, duplicate key)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StoreLocked(KpiError):
    """Another writer holds the store; try again when it has finished."""


class ConfigError(KpiError):
    """A setting that cannot be read: an environment variable that is not a number or out of
    its range, or a settings file (``secrets.toml``) that does not parse. The app shows it and
    stops; the command line prints it and exits 2. ``name`` is the variable or file."""

    def __init__(self, name: str, message_th: str, message_en: str):
        self.name = name
        self.message_th = message_th
        self.message_en = message_en
        super().__init__(f"{message_th} / {message_en}")
