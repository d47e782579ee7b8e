"""`innen import-statement FILE` and `innen bank-account add|list`: bank statements in.

An import is all or nothing and adds an entry only once, however often a statement (or an
overlapping one) is imported: exit 0 when the file was imported (or, with --dry-run, would
be), 1 when it has a problem or its account is unknown (nothing is imported), 2 on usage
errors. A dry run also reads statements of accounts innen does not know yet, and says (and
exits 1) when the real import would refuse them.
"""

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from innen.cli import UsageError, setup_django
from innen.cli.imports import _organisation, _read

if TYPE_CHECKING:
    from innen.banking.summary import ImportSummary
    from innen.organisations.models import Organisation


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    help_text = "import a bank statement (CAMT.053, MT940 or a bank's CSV export)"
    parser = subparsers.add_parser("import-statement", help=help_text, description=help_text)
    parser.add_argument("file", type=Path, help="the statement file; - reads standard input")
    parser.add_argument(
        "--organisation",
        type=int,
        metavar="ID",
        help="the organisation whose accounts the statements must be of (default: their owner)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(handler=_import)

    help_text = "the bank accounts whose statements innen imports"
    accounts = subparsers.add_parser("bank-account", help=help_text, description=help_text)
    actions = accounts.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="register an account of an organisation")
    add.add_argument("iban", help="the account's IBAN, or its Dutch account number with --bank")
    add.add_argument(
        "--bank",
        default="",
        help="the bank of a Dutch account number (ABN AMRO, ING, Rabobank, or its code or BIC)",
    )
    add.add_argument("--name", default="", help="a name to know it by, e.g. 'ING zakelijk'")
    add.add_argument("--organisation", type=int, metavar="ID", required=True)
    add.set_defaults(handler=_account_add)
    listing = actions.add_parser("list", help="list the registered accounts")
    listing.add_argument("--organisation", type=int, metavar="ID", help="only this one's")
    listing.set_defaults(handler=_account_list)


def _import(args: argparse.Namespace) -> int:
    data = _read(args.file)
    setup_django()
    from django.utils import translation

    from innen.banking.services import statement_import

    organisation = _chosen(args.organisation)
    with translation.override("en"):  # the command line speaks English, like its help
        summary = statement_import(
            data=data,
            name=args.file.name if str(args.file) != "-" else "stdin",
            organisation=organisation,
            dry_run=args.dry_run,
        )
    print(json.dumps(summary.as_json(), indent=2) if args.json else _describe(summary, args.file))
    return 0 if summary.would_import else 1


def _account_add(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from innen.banking.services import bank_account_add

    organisation = _organisation(args.organisation)
    try:
        with translation.override("en"):  # the command line speaks English, like its help
            account = bank_account_add(
                organisation=organisation, iban=args.iban, name=args.name, bank=args.bank
            )
    except ValidationError as exc:
        raise UsageError("; ".join(exc.messages)) from exc
    print(f"Added {account.iban} to {organisation.name} (organisation {organisation.pk}).")
    return 0


def _account_list(args: argparse.Namespace) -> int:
    setup_django()
    from innen.banking.models import BankAccount

    accounts = BankAccount.objects.select_related("organisation").order_by("organisation", "iban")
    if args.organisation is not None:
        accounts = accounts.filter(organisation_id=args.organisation)
    for account in accounts:
        org = account.organisation
        print(f"{account.iban}\t{account.name}\t{org.pk}\t{org.name}")
    return 0


def _chosen(chosen: int | None) -> "Organisation | None":
    return None if chosen is None else _organisation(chosen)


def _money(amount: str | None) -> str:
    return "–" if amount is None else amount


def _describe(summary: "ImportSummary", path: Path) -> str:
    lines = [f"{path}: {summary.format or 'not read'}, {len(summary.statements)} statement(s)."]
    for statement in summary.as_json()["statements"]:
        known = "" if statement["known_account"] else " (account not known to innen)"
        lines.append(
            f"  {statement['account']}{known}: opening {_money(statement['opening_balance'])}, "
            f"closing {_money(statement['closing_balance'])}, {statement['entries']} entries, "
            f"in {statement['credit_total']}, out {statement['debit_total']}"
        )
    lines += [f"  Note: {notice}" for notice in summary.notices]
    if not summary.ok:
        lines.append(f"Nothing was imported: {len(summary.errors)} problem(s).")
        lines += [f"  {error}" for error in summary.errors]
        return "\n".join(lines)
    counts = f"{summary.imported} new entries, {summary.duplicates} already there"
    if summary.would_refuse:
        lines.append(
            f"Dry run, nothing was written. A real import would refuse the file: "
            f"{len(summary.would_refuse)} problem(s)."
        )
        lines += [f"  {error}" for error in summary.would_refuse]
        return "\n".join(lines)
    if summary.dry_run:
        lines.append(f"Dry run, nothing was written. Importing would add: {counts}.")
    else:
        lines.append(f"Imported: {counts}.")
    return "\n".join(lines)
