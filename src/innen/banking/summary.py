"""What an import of bank statements did, or on a dry run would do: per statement and in all.

The CLI prints it, `--json` gives `as_json()`, the Bank page shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from innen.formats.statement import Notice, StatementError


@dataclass(frozen=True)
class StatementSummary:
    """One statement of the file: what it says, and what importing it adds (or would add)."""

    number: int
    account: str
    statement_id: str
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    entries: int
    credit_total: Decimal
    debit_total: Decimal
    known_account: bool
    imported: int = 0
    duplicates: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "statement_id": self.statement_id,
            "opening_balance": _text(self.opening_balance),
            "closing_balance": _text(self.closing_balance),
            "entries": self.entries,
            "credit_total": str(self.credit_total),
            "debit_total": str(self.debit_total),
            "known_account": self.known_account,
            "imported": self.imported,
            "duplicates": self.duplicates,
        }


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or a dry run would do), or, with `errors`, why it did nothing."""

    file_name: str
    dry_run: bool
    format: str = ""
    statements: tuple[StatementSummary, ...] = ()
    errors: tuple[StatementError, ...] = ()
    # A dry run's statements of accounts no organisation holds: read, but the real import
    # refuses them, with these messages (saying how to add the account).
    would_refuse: tuple[StatementError, ...] = ()
    # What the reader noticed in a file it could read: a file read in another encoding
    # than it declares, a statement whose balances could not be checked.
    notices: tuple[Notice, ...] = ()
    import_ids: tuple[int, ...] = ()  # the StatementImport rows written
    matching: dict[str, int] | None = None  # what matching did with the new entries

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def would_import(self) -> bool:
        """The real import of the file goes through: what a dry run's exit status says."""
        return self.ok and not self.would_refuse

    @property
    def imported(self) -> int:
        return sum(s.imported for s in self.statements)

    @property
    def duplicates(self) -> int:
        return sum(s.duplicates for s in self.statements)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "statements": [s.as_json() for s in self.statements],
            "imported": self.imported,
            "duplicates": self.duplicates,
            "errors": [_error_json(e) for e in self.errors],
            **(
                {"would_refuse": [_error_json(e) for e in self.would_refuse]}
                if self.dry_run
                else {}
            ),
            "notices": [{"where": n.where, "message": n.message} for n in self.notices],
            **({"matching": self.matching} if self.matching is not None else {}),
        }


def _error_json(error: StatementError) -> dict[str, str]:
    return {"where": error.where, "message": error.message}


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)
