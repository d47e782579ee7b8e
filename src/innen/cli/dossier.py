"""`innen dossier verify` and `innen dossier export`: the tamper-evident dossier."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from innen.cli import UsageError, run_date, setup_django

if TYPE_CHECKING:
    from innen.ledger.models import Customer, Invoice
    from innen.organisations.models import Organisation


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dossier = subparsers.add_parser("dossier", help="check the dossier's hash chain; export one")
    commands = dossier.add_subparsers(title="dossier commands", metavar="COMMAND")
    dossier.set_defaults(handler=lambda args: _help(dossier))

    verify = commands.add_parser(
        "verify",
        help="check every event against the hash chain (exit 1 when broken or suspicious)",
    )
    verify.add_argument("--organisation", type=int, help="only this organisation (its id)")
    verify.set_defaults(handler=_verify)

    export = commands.add_parser("export", help="write a customer's dossier as a ZIP")
    export.add_argument("customer", metavar="CUSTOMER", help="the customer number")
    export.add_argument("--invoice", metavar="N", help="only this invoice (its number)")
    export.add_argument("--out", required=True, metavar="FILE.zip", help="where to write the ZIP")
    export.add_argument("--organisation", type=int, help="the organisation (its id)")
    export.add_argument("--date", help="the day to compute the claim on, YYYY-MM-DD (today)")
    export.set_defaults(handler=_export)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _verify(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import translation

    from innen.casefile.integrity import verify_organisation
    from innen.organisations.models import Organisation

    organisations = Organisation.objects.order_by("pk")
    if args.organisation is not None:
        organisations = organisations.filter(pk=args.organisation)
        if not organisations:
            raise UsageError(f"--organisation {args.organisation}: no such organisation")
    total, first_break, warnings = 0, None, 0
    for organisation in organisations:
        with translation.override("en"):
            verdict = verify_organisation(organisation.pk)
        total += verdict.count
        broken = verdict.first_break
        name = f"{organisation.name} ({organisation.pk})"
        if broken is None:
            print(f"{name}: {verdict.count} events, chain intact")
        else:
            where = _where(organisation, broken.seq, broken.event_id)
            print(f"{name}: BROKEN at {where}: {broken.reason}")
            if first_break is None:
                first_break = f"dossier: chain broken in {where}: {broken.reason}"
        for warning in verdict.warnings:
            print(f"{name}: WARNING: {warning}")
        warnings += len(verdict.warnings)
    if first_break is not None:
        print(first_break)
        return 1
    if warnings:
        # Intact as far as it goes, but not to be trusted: a cron job must hear of it.
        print(f"dossier: {total} events, chain intact but {warnings} warning(s) above")
        return 1
    print(f"dossier: {total} events, chain intact")
    return 0


def _where(organisation: Organisation, seq: int, event_id: int | None) -> str:
    event = f"id {event_id}" if event_id is not None else "no id"
    return f"organisation {organisation.pk} ({organisation.name}), event {seq} ({event})"


def _export(args: argparse.Namespace) -> int:
    setup_django()
    from innen.casefile.export import dossier_export
    from innen.money import format_eur

    day = run_date(args.date)
    customer = _customer(args.customer, args.organisation)
    invoice = _invoice(customer, args.invoice) if args.invoice is not None else None
    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(f"--out: folder {out.parent} does not exist")
    with out.open("wb") as handle:
        result = dossier_export(customer=customer, out=handle, today=day, invoice=invoice)
    claim = format_eur(result.claim.total) if result.claim is not None else "-"
    documents = sum(1 for f in result.files if f.source == "document")
    print(
        f"{out}: {customer.name} ({customer.number}), {result.events} events, "
        f"{documents} documents, claim on {day}: {claim}"
    )
    for problem in result.problems:
        print(f"  problem: {problem}")
    return 0


def _customer(number: str, organisation_id: int | None) -> Customer:
    from innen.ledger.models import Customer

    customers = Customer.objects.filter(number=number)
    if organisation_id is not None:
        customers = customers.filter(organisation_id=organisation_id)
    found = list(customers[:2])
    if not found:
        raise UsageError(f"no customer numbered {number!r}")
    if len(found) > 1:
        raise UsageError(f"customer {number!r} exists in several organisations: add --organisation")
    return found[0]


def _invoice(customer: Customer, number: str) -> Invoice:
    invoice: Invoice | None = customer.invoices.filter(number=number).first()
    if invoice is None:
        raise UsageError(f"--invoice: customer {customer.number} has no invoice {number!r}")
    return invoice
