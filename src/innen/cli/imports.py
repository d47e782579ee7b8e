"""`innen import-customers|import-invoices|import-payments FILE`: CSV files into the ledger.

All or nothing: exit 0 when the file was imported (or, with --dry-run, would be), 1 when
some line has a problem (every problem is listed, nothing is imported), 2 on usage errors.
The file formats are described in docs/import.md.
"""

import argparse
import json
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from innen.cli import UsageError, setup_django

if TYPE_CHECKING:
    from innen.ledger.importing import ImportReport
    from innen.organisations.models import Organisation

KINDS = {
    "customers": "import customers from a CSV file (see docs/import.md)",
    "invoices": "import invoices and credit notes from a CSV file (see docs/import.md)",
    "payments": "import payments from a CSV file (see docs/import.md)",
}
# Below this many lines an import takes about a second: a progress bar would only flicker.
PROGRESS_FROM_LINES = 2000


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    for kind, help_text in KINDS.items():
        parser = subparsers.add_parser(f"import-{kind}", help=help_text, description=help_text)
        parser.add_argument("file", type=Path, help="the CSV file; - reads standard input")
        parser.add_argument(
            "--organisation",
            type=int,
            metavar="ID",
            help="the organisation's id (needed when there is more than one)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, write nothing"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.set_defaults(handler=partial(_import, kind))


def _import(kind: str, args: argparse.Namespace) -> int:
    data = _read(args.file)
    setup_django()
    from django.utils import translation

    from innen.ledger.importing import import_file

    organisation = _organisation(args.organisation)
    progress = _progress(data) if not args.json else None
    try:
        with translation.override("en"):  # the command line speaks English, like its help
            report = import_file(
                kind=kind,
                organisation=organisation,
                data=data,
                dry_run=args.dry_run,
                progress=progress,
            )
    finally:
        if progress is not None:
            progress.close()
    print(json.dumps(report.as_dict(), indent=2) if args.json else _describe(report, args.file))
    return 0 if report.ok else 1


def _read(path: Path) -> bytes:
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc


def _organisation(chosen: int | None) -> "Organisation":
    """Return the organisation with id `chosen`, or the only one there is."""
    from innen.organisations.models import Organisation

    if chosen is not None:
        found = Organisation.objects.filter(pk=chosen).first()
        if found is None:
            raise UsageError(f"--organisation: there is no organisation with id {chosen}")
        return found
    organisations = list(Organisation.objects.order_by("pk")[:20])
    if len(organisations) == 1:
        return organisations[0]
    if not organisations:
        raise UsageError("there is no organisation yet; create one first")
    names = ", ".join(f"{o.pk} ({o.name})" for o in organisations)
    raise UsageError(f"there are several organisations; choose one with --organisation: {names}")


class _TqdmProgress:
    """A progress bar on standard error per stage; tqdm hides it when that is not a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, stage: str, total: int) -> None:
        from tqdm import tqdm

        self.close()
        self.bar = tqdm(total=total, desc=stage, unit="line", file=sys.stderr, disable=None)

    def advance(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _progress(data: bytes) -> _TqdmProgress | None:
    return _TqdmProgress() if data.count(b"\n") >= PROGRESS_FROM_LINES else None


def _describe(report: "ImportReport", path: Path) -> str:
    lines = [f"{path}: {report.lines} {report.kind} line(s) read."]
    if report.ignored_columns:
        lines.append("Ignored columns (not used by innen): " + ", ".join(report.ignored_columns))
    if not report.ok:
        bad = len({error.line for error in report.errors})
        lines.append(f"Nothing was imported: {bad} line(s) have problems. Fix them and try again.")
        lines += [f"  {error}" for error in report.errors]
        return "\n".join(lines)
    counts = f"{report.created} created, {report.unchanged} unchanged (already there)"
    if report.credit_notes_created:
        counts += f"; {report.credit_notes_created} of the created are credit notes"
    if report.ibans_added:
        counts += f"; {report.ibans_added} IBAN(s) added"
    if report.dry_run:
        lines.append(f"Dry run, nothing was written. Importing would give: {counts}.")
    else:
        lines.append(f"Imported: {counts}.")
    return "\n".join(lines)
