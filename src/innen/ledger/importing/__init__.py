"""Import customers, invoices (with credit notes) and payments from CSV files, all or nothing.

`import_customers`, `import_invoices` and `import_payments` (or `import_file` by kind) read
the file with `innen.formats.ledger_csv`, check every line against the database, and
write only when no line has a problem, in one transaction. A row that already exists with
the same data is counted as unchanged, with different data it is an error: an import never
overwrites. `dry_run` does all of it, writes included, and rolls back, so it finds every
problem a real import would.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from innen.file_messages import translated_line_error
from innen.formats.errors import LineError
from innen.formats.ledger_csv import Parsed, read_customers, read_invoices, read_payments
from innen.ledger.importing import refusals
from innen.ledger.importing.checks import (
    ImportPlan,
    NoProgress,
    Progress,
    WriteError,
)
from innen.ledger.importing.customers import plan_customers
from innen.ledger.importing.invoices import plan_invoices
from innen.ledger.importing.payments import plan_payments
from innen.organisations.models import Organisation

KINDS = ("customers", "invoices", "payments")

__all__ = [
    "KINDS",
    "ImportReport",
    "NoProgress",
    "Progress",
    "import_customers",
    "import_file",
    "import_invoices",
    "import_payments",
]


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or, when `errors` is not empty, why it did nothing."""

    kind: str
    dry_run: bool
    lines: int
    created: int = 0
    unchanged: int = 0
    credit_notes_created: int = 0
    ibans_added: int = 0
    errors: tuple[LineError, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "lines": self.lines,
            "created": self.created,
            "unchanged": self.unchanged,
            "credit_notes_created": self.credit_notes_created,
            "ibans_added": self.ibans_added,
            "ignored_columns": list(self.ignored_columns),
            "errors": [
                {"line": e.line, "column": e.column, "message": e.message} for e in self.errors
            ],
        }


def import_file(
    *,
    kind: str,
    organisation: Organisation,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import `data` as a file of `kind` (one of KINDS)."""
    importers = {
        "customers": import_customers,
        "invoices": import_invoices,
        "payments": import_payments,
    }
    if kind not in importers:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    return importers[kind](organisation=organisation, data=data, dry_run=dry_run, progress=progress)


def import_customers(
    *,
    organisation: Organisation,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    parsed = read_customers(data, check_email=_check_email)
    return _run("customers", parsed, plan_customers, organisation, dry_run, progress)


def import_invoices(
    *,
    organisation: Organisation,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    parsed = read_invoices(data)
    return _run("invoices", parsed, plan_invoices, organisation, dry_run, progress)


def import_payments(
    *,
    organisation: Organisation,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    parsed = read_payments(data)
    return _run("payments", parsed, plan_payments, organisation, dry_run, progress)


def _check_email(address: str) -> None:
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValueError(refusals.NOT_AN_EMAIL % {"address": address}) from exc


def _run(
    kind: str,
    parsed: Parsed[Any],
    plan_for: Callable[[Organisation, Parsed[Any], Progress], ImportPlan],
    organisation: Organisation,
    dry_run: bool,
    progress: Progress | None,
) -> ImportReport:
    """Check, and write only when every line is fine; roll back on a dry run or a late error."""
    progress = progress or NoProgress()
    report = ImportReport(
        kind=kind, dry_run=dry_run, lines=parsed.lines, ignored_columns=parsed.ignored
    )
    with transaction.atomic():
        # The plan reads inside the transaction so that the writes see what it saw.
        plan = plan_for(organisation, parsed, progress)
        errors = sorted([*parsed.errors, *plan.errors])
        if errors:
            return replace(report, errors=tuple(translated_line_error(e) for e in errors))
        try:
            with transaction.atomic():
                counts = plan.write()
        except WriteError as exc:
            transaction.set_rollback(True)
            return replace(report, errors=(exc.error,))
        except IntegrityError as exc:
            transaction.set_rollback(True)
            message = refusals.GOT_IN_THE_WAY % {"error": exc}
            return replace(report, errors=(LineError(1, "", message),))
        if dry_run:
            transaction.set_rollback(True)
    return replace(
        report,
        unchanged=plan.unchanged,
        created=counts.get("created", 0),
        credit_notes_created=counts.get("credit_notes_created", 0),
        ibans_added=counts.get("ibans_added", 0),
    )
