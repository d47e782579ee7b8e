"""`innen import-ubl FILE|DIR|ZIP`: UBL invoices and credit notes into the ledger.

Each file all or nothing, on its own: exit 0 when every file was imported (or, with
--dry-run, would be) or was already there, 1 when some file was refused (each is listed
with its reason), 2 on usage errors. What is read and checked: docs/ubl.md.
"""

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from innen.cli import UsageError, setup_django
from innen.cli.imports import _organisation

if TYPE_CHECKING:
    from innen.ledger.importing.ubl import UblReport

HELP = "import UBL invoices and credit notes (a file, a folder or a ZIP; see docs/ubl.md)"


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("import-ubl", help=HELP, description=HELP)
    parser.add_argument("path", type=Path, help="an XML file, a folder of them, or a ZIP")
    parser.add_argument(
        "--organisation",
        type=int,
        metavar="ID",
        help="the organisation's id (needed when there is more than one)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    parser.set_defaults(handler=_import)


def _import(args: argparse.Namespace) -> int:
    files = _files(args.path)
    setup_django()
    from django.utils import translation

    from innen.ledger.importing.ubl import import_ubl_upload

    organisation = _organisation(args.organisation)
    reports: list[UblReport] = []
    with translation.override("en"):  # the command line speaks English, like its help
        for name, data in files:
            reports += import_ubl_upload(
                organisation=organisation, name=name, data=data, dry_run=args.dry_run
            )
    if args.json:
        print(json.dumps([report.as_dict() for report in reports], indent=2))
    else:
        print(_describe(reports, args.dry_run))
    return 0 if all(report.ok for report in reports) else 1


def _files(path: Path) -> list[tuple[str, bytes]]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".xml", ".zip"))
        if not found:
            raise UsageError(f"{path}: no .xml or .zip files in this folder")
        return [(str(p.relative_to(path)), _read(p)) for p in found]
    return [(path.name, _read(path))]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc


def _describe(reports: "list[UblReport]", dry_run: bool) -> str:
    lines = []
    for report in reports:
        what = f"{report.kind.replace('_', ' ')} {report.number}".strip()
        if not report.ok:
            lines.append(f"{report.name}: refused: " + "; ".join(report.errors))
            continue
        customer = f" (customer {report.customer_number}" + (
            ", new)" if report.customer_created else ")"
        )
        if report.customer_changed:
            customer = f"{customer[:-1]}, updated: {', '.join(report.customer_changed)})"
        pdf = ", with its PDF" if report.pdf_stored else ""
        lines.append(f"{report.name}: {what} {report.outcome}{customer}{pdf}")
        lines += [f"  note: {note}" for note in report.notes]
    counts = {o: sum(r.outcome == o for r in reports) for o in ("created", "unchanged")}
    refused = sum(not r.ok for r in reports)
    summary = f"{counts['created']} created, {counts['unchanged']} unchanged, {refused} refused"
    lines.append(("Dry run, nothing was written: " if dry_run else "") + summary + ".")
    return "\n".join(lines)
