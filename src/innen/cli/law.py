"""The `innen claim` and `innen law ...` commands: the Dutch collection law calculator.

Every figure comes from `innen.law`; `innen claim` reads the interest rate tables from the
database (innen.rates), the other commands need none.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from innen.cli import UsageError, setup_django
from innen.cli.claim_text import claim_to_text, nl_date
from innen.cli.rates import add_rates_commands
from innen.law.claim import ClaimInputError, Demand, Invoice, Payment, compute_claim
from innen.law.claim_json import claim_to_json, money
from innen.law.collection_costs import CostsRule
from innen.law.epc_qr import InvalidEpcData, epc_payload, epc_qr
from innen.law.interest import (
    COMMERCIAL_INTEREST,
    NO_INTEREST,
    STATUTORY_INTEREST,
    InterestRule,
    agreed_interest,
)
from innen.law.letter_term import costs_to_state, letter_term
from innen.law.limitation import limitation
from innen.law.rates import RateTables
from innen.law.references import (
    LENGTHS,
    InvalidReference,
    make_payment_reference,
    make_rf_reference,
    validate_payment_reference,
    validate_rf_reference,
)
from innen.money import format_eur, round_cents

# --- parsing ---------------------------------------------------------------------------


def parse_date(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date (use YYYY-MM-DD)") from None


def parse_amount(option: str, text: str, *, allow_zero: bool = False) -> Decimal:
    cleaned = text.strip().replace("€", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise UsageError(f"{option}: {text!r} is not an amount (use e.g. 1234.56)") from None
    if not amount.is_finite():
        raise UsageError(f"{option}: {text!r} is not an amount")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise UsageError(f"{option}: amount must be more than 0, got {text}")
    if amount != round_cents(amount):
        raise UsageError(f"{option}: amount {text} has more than two decimals")
    return amount


def parse_invoice(text: str) -> Invoice:
    parts = text.split(":")
    if len(parts) not in (2, 3):
        raise UsageError(f"--invoice: expected AMOUNT:DUE_DATE[:INVOICE_DATE], got {text!r}")
    amount = parse_amount("--invoice", parts[0])
    due = parse_date("--invoice", parts[1])
    issued = parse_date("--invoice", parts[2]) if len(parts) == 3 else None
    return Invoice(amount, due, issued)


def parse_payment(text: str) -> Payment:
    parts = text.split(":")
    if len(parts) not in (2, 3):
        raise UsageError(f"--payment: expected AMOUNT:DATE[:INVOICE_NUMBER], got {text!r}")
    amount = parse_amount("--payment", parts[0])
    paid_on = parse_date("--payment", parts[1])
    invoice = None
    if len(parts) == 3:
        if not parts[2].strip().isdigit() or int(parts[2]) < 1:
            raise UsageError(f"--payment: invoice number must be 1 or more, got {parts[2]!r}")
        invoice = int(parts[2]) - 1
    return Payment(amount, paid_on, invoice)


def parse_demand(text: str) -> Demand:
    parts = text.split(":")
    if len(parts) != 2:
        raise UsageError(f"--demand: expected DATE:AMOUNT, got {text!r}")
    return Demand(parse_date("--demand", parts[0]), parse_amount("--demand", parts[1]))


def parse_percent(option: str, text: str) -> Decimal:
    try:
        value = Decimal(text.strip().rstrip("%").replace(",", "."))
    except InvalidOperation:
        raise UsageError(f"{option}: {text!r} is not a percentage") from None
    if not value.is_finite() or value < 0:
        raise UsageError(f"{option}: percentage must be 0 or more, got {text}")
    return value


def parse_interest(text: str | None, compound: bool) -> InterestRule | None:
    named = {"statutory": STATUTORY_INTEREST, "commercial": COMMERCIAL_INTEREST}
    if text is None:
        return None
    if text in named or text == "none":
        if compound:
            raise UsageError("--compound: only with an agreed percentage in --interest")
        return named.get(text, NO_INTEREST)
    if not text.strip().rstrip("%").replace(".", "", 1).replace(",", "", 1).isdigit():
        raise UsageError(
            f"--interest: unknown interest kind {text!r} "
            "(statutory, commercial, none or a yearly percentage)"
        )
    return agreed_interest(parse_percent("--interest", text), compound=compound)


def parse_costs(text: str, vat: bool) -> CostsRule:
    if text in ("statutory", "none"):
        if vat and text == "none":
            raise UsageError("--vat-on-costs: no costs to raise (--costs none)")
        return CostsRule(text, vat_uplift=vat)
    if vat:
        raise UsageError("--vat-on-costs: applies to the statutory scale only")
    if text.strip().endswith("%"):
        return CostsRule("agreed_percentage", parse_percent("--costs", text))
    return CostsRule("agreed_amount", parse_amount("--costs", text, allow_zero=True))


# --- output helpers --------------------------------------------------------------------


def print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


# --- innen claim -----------------------------------------------------------------------


def database_rates() -> RateTables:
    """The rate tables as recorded in the database, or a clear word when there is none yet."""
    setup_django()
    from django.db import DatabaseError

    from innen.rates.selectors import rate_tables

    try:
        return rate_tables()
    except DatabaseError as exc:
        raise UsageError(
            f"the interest rates are read from the database, which said: {exc}; "
            "run `innen migrate` first"
        ) from None


def handle_claim(args: argparse.Namespace) -> int:
    until = parse_date("--until", args.until)
    invoices = [parse_invoice(text) for text in args.invoice]
    payments = [parse_payment(text) for text in args.payment or []]
    interest = parse_interest(args.interest, args.compound)
    costs = parse_costs(args.costs, args.vat_on_costs)
    costs_from = parse_date("--costs-from", args.costs_from) if args.costs_from else None
    demands = [parse_demand(text) for text in args.demand or []]
    rates = database_rates()
    try:
        claim = compute_claim(
            debtor=args.debtor,
            invoices=invoices,
            until=until,
            payments=payments,
            interest=interest,
            costs=costs,
            costs_from=costs_from,
            costs_on_capitalised_interest=args.costs_on_capitalised_interest,
            large_debtor_paying_sme=args.large_debtor_paying_sme,
            rates=rates,
            demands=demands,
        )
    except ClaimInputError as exc:
        raise UsageError(f"--{exc.argument}: {exc.message}") from None
    if args.json:
        print_json(claim_to_json(claim, limitation_kind=args.limitation_kind))
    else:
        print(claim_to_text(claim))
    return 0


# --- innen law ... ---------------------------------------------------------------------


def handle_reference_make(args: argparse.Namespace) -> int:
    try:
        print(make_payment_reference(args.number, args.length))
    except InvalidReference as exc:
        raise UsageError(f"NUMBER: {exc}") from None
    return 0


def print_validity(validate: Callable[[str], object], text: str) -> int:
    """Say whether `text` passes `validate`; the exit code is 1 when it does not."""
    try:
        validate(text)
    except InvalidReference as exc:
        print(f"invalid: {exc}")
        return 1
    print("valid")
    return 0


def handle_reference_check(args: argparse.Namespace) -> int:
    return print_validity(validate_payment_reference, args.kenmerk)


def handle_rf_make(args: argparse.Namespace) -> int:
    try:
        print(make_rf_reference(args.ref))
    except InvalidReference as exc:
        raise UsageError(f"REF: {exc}") from None
    return 0


def handle_rf_check(args: argparse.Namespace) -> int:
    return print_validity(validate_rf_reference, args.ref)


def handle_letter_term(args: argparse.Namespace) -> int:
    sent = parse_date("--sent", args.sent)
    received = parse_date("--received", args.received) if args.received else None
    if received is not None and received < sent:
        raise UsageError(f"--received: {received} is before --sent {sent}")
    term = letter_term(sent, args.channel, received)
    principals = [parse_amount("--principal", text) for text in args.principal or []]
    if args.vat_on_costs and not principals:
        raise UsageError("--vat-on-costs: give the --principal amounts the letter claims")
    costs = (
        costs_to_state(principals, vat_uplift=args.vat_on_costs, on=sent) if principals else None
    )
    if args.json:
        data = {
            "sent": term.sent.isoformat(),
            "channel": term.channel,
            "presumed_receipt": term.presumed_receipt.isoformat(),
            "received": term.received.isoformat(),
            "term_ends": term.term_ends.isoformat(),
            "costs_from": term.costs_from.isoformat(),
        }
        if costs is not None:
            data["costs"] = money(costs.amount)
            data["costs_vat"] = money(costs.vat)
        print_json(data)
    else:
        print(f"Verzonden:               {nl_date(term.sent)} ({term.channel})")
        print(f"Vermoedelijke ontvangst: {nl_date(term.presumed_receipt)}")
        if received is not None:
            print(f"Werkelijke ontvangst:    {nl_date(term.received)}")
        print(f"Termijn eindigt:         {nl_date(term.term_ends)}")
        print(f"Incassokosten vanaf:     {nl_date(term.costs_from)}")
        if costs is not None:
            print(f"Te vermelden kosten:     {format_eur(costs.amount)} ({costs.explanation})")
    return 0


def handle_limitation(args: argparse.Namespace) -> int:
    due = parse_date("--due", args.due)
    interrupted = [parse_date("--interrupted", text) for text in args.interrupted or []]
    acknowledged = [parse_date("--acknowledged", text) for text in args.acknowledged or []]
    for flag, days in (("--interrupted", interrupted), ("--acknowledged", acknowledged)):
        for day in days:
            if day < due:
                raise UsageError(f"{flag}: {day} is before --due {due}")
    today = parse_date("--today", args.today) if args.today else None
    result = limitation(due, args.kind, interrupted, acknowledged=acknowledged)
    status = None
    if today is not None:
        if today >= result.barred_from:
            status = "barred"
        elif today >= result.warning_from:
            status = "warning"
        else:
            status = "ok"
    if args.json:
        data: dict[str, Any] = {
            "kind": result.kind,
            "years": result.years,
            "last_day": result.last_day.isoformat(),
            "barred_from": result.barred_from.isoformat(),
            "warning_from": result.warning_from.isoformat(),
            "interruptions": [d.isoformat() for d in result.interruptions],
            "ignored_interruptions": [d.isoformat() for d in result.ignored],
            "acknowledgements": sorted({d.isoformat() for d in acknowledged}),
            "set_by": result.set_by,
            "set_on": result.set_on.isoformat() if result.set_on else None,
        }
        if status is not None:
            data["status"] = status
        print_json(data)
    else:
        print(f"Verjaringstermijn:  {result.years} jaar")
        print(f"Laatste dag:        {nl_date(result.last_day)}")
        print(f"Verjaard vanaf:     {nl_date(result.barred_from)}")
        print(f"Waarschuwen vanaf:  {nl_date(result.warning_from)}")
        if result.set_by != "due" and result.set_on is not None:
            what = "erkenning" if result.set_by == "acknowledgement" else "stuiting"
            print(f"Termijn gesteld door: {what} op {nl_date(result.set_on)}")
        for day in result.ignored:
            print(f"Genegeerd: stuiting op {nl_date(day)} (vordering was al verjaard)")
        if status == "barred":
            print("Let op: de vordering is verjaard.")
        elif status == "warning":
            print("Let op: de verjaring nadert; stuit tijdig met een schriftelijke aanmaning.")
    return 0


def handle_epc_qr(args: argparse.Namespace) -> int:
    amount = parse_amount("--amount", args.amount)
    try:
        payload = epc_payload(
            name=args.name, iban=args.iban, amount=amount, reference=args.reference, text=args.text
        )
        qr = epc_qr(payload)
    except InvalidEpcData as exc:
        raise UsageError(f"--{exc}") from None
    print(payload)
    if args.png:
        qr.save(args.png, kind="png", scale=5)
    return 0


# --- registration ----------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register_claim(subparsers)
    register_law(subparsers)


def register_claim(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "claim",
        help="compute a claim: principal, interest, collection costs, payments",
        description="Compute a claim under Dutch law to the cent (innen.law).",
    )
    parser.add_argument("--debtor", required=True, choices=("business", "consumer"))
    parser.add_argument("--until", required=True, metavar="DATE", help="compute up to this day")
    parser.add_argument(
        "--invoice",
        action="append",
        required=True,
        metavar="AMOUNT:DUE_DATE[:INVOICE_DATE]",
        help="an invoice; DUE_DATE is the last day to pay (repeatable)",
    )
    parser.add_argument(
        "--payment",
        action="append",
        metavar="AMOUNT:DATE[:INVOICE_NUMBER]",
        help="a payment, optionally designated to invoice 1, 2, ... (repeatable)",
    )
    parser.add_argument(
        "--interest", metavar="statutory|commercial|none|PERCENT", help="interest kind"
    )
    parser.add_argument("--compound", action="store_true", help="agreed PERCENT compounds yearly")
    add_costs_arguments(parser)
    parser.add_argument(
        "--large-debtor-paying-sme",
        action="store_true",
        help="flag agreed terms over 30 days (large company paying an SME, since 2022-07-01)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle_claim)


def add_costs_arguments(parser: argparse.ArgumentParser) -> None:
    """`innen claim`'s options for the collection costs, the demands and limitation."""
    parser.add_argument(
        "--costs",
        default="statutory",
        metavar="statutory|none|AMOUNT|PERCENT%",
        help="collection costs (default: the statutory scale)",
    )
    parser.add_argument(
        "--vat-on-costs", action="store_true", help="raise statutory costs by VAT (21%%)"
    )
    parser.add_argument(
        "--costs-from",
        metavar="DATE",
        help="first day costs are due (consumer: the day after the 14-day letter's term)",
    )
    parser.add_argument(
        "--demand",
        action="append",
        metavar="DATE:AMOUNT",
        help="a written demand (consumer: the 14-day letter) sent on DATE demanding AMOUNT "
        "(repeatable); consumer costs only when its term ended with AMOUNT unpaid",
    )
    parser.add_argument(
        "--limitation-kind",
        default="general",
        choices=("general", "consumer-sale"),
        help="the limitation term in --json: 5 years, or 2 for a consumer sale (art. 7:28 BW)",
    )
    parser.add_argument(
        "--costs-on-capitalised-interest",
        action="store_true",
        help="add interest capitalised after a full year to the costs base",
    )


def register_law(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    law = subparsers.add_parser("law", help="Dutch collection law helpers")
    commands = law.add_subparsers(title="law commands", metavar="COMMAND", required=True)

    reference = commands.add_parser("reference", help="betalingskenmerk").add_subparsers(
        metavar="ACTION", required=True
    )
    make = reference.add_parser("make", help="make a betalingskenmerk from a number")
    make.add_argument("number", metavar="NUMBER")
    make.add_argument("--length", type=int, default=16, choices=LENGTHS)
    make.set_defaults(handler=handle_reference_make)
    check = reference.add_parser("check", help="check a betalingskenmerk")
    check.add_argument("kenmerk", metavar="KENMERK")
    check.set_defaults(handler=handle_reference_check)

    rf = commands.add_parser("rf", help="ISO 11649 RF creditor reference").add_subparsers(
        metavar="ACTION", required=True
    )
    rf_make = rf.add_parser("make", help="make an RF reference")
    rf_make.add_argument("ref", metavar="REF")
    rf_make.set_defaults(handler=handle_rf_make)
    rf_check = rf.add_parser("check", help="check an RF reference")
    rf_check.add_argument("ref", metavar="REF")
    rf_check.set_defaults(handler=handle_rf_check)

    term = commands.add_parser("letter-term", help="dates of a consumer's 14-day letter")
    term.add_argument("--sent", required=True, metavar="DATE")
    term.add_argument("--channel", required=True, choices=("post", "email"))
    term.add_argument("--received", metavar="DATE", help="actual day of receipt, if known")
    term.add_argument(
        "--principal",
        action="append",
        metavar="AMOUNT",
        help="a principal the letter claims (repeatable): prints the costs it must state",
    )
    term.add_argument("--vat-on-costs", action="store_true", help="costs include the VAT uplift")
    term.add_argument("--json", action="store_true")
    term.set_defaults(handler=handle_letter_term)

    _register_limitation(commands)

    epc = commands.add_parser("epc-qr", help="EPC QR payload for a SEPA transfer")
    epc.add_argument("--name", required=True)
    epc.add_argument("--iban", required=True)
    epc.add_argument("--amount", required=True)
    what = epc.add_mutually_exclusive_group(required=True)
    what.add_argument("--reference", help="ISO 11649 RF reference")
    what.add_argument("--text", help="unstructured remittance text")
    epc.add_argument("--png", metavar="FILE", help="write the QR image")
    epc.set_defaults(handler=handle_epc_qr)

    add_rates_commands(commands)


__all__: Sequence[str] = ("register",)


def _register_limitation(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    limit = commands.add_parser("limitation", help="when a claim becomes time-barred")
    limit.add_argument("--due", required=True, metavar="DATE")
    limit.add_argument("--kind", required=True, choices=("general", "consumer-sale"))
    limit.add_argument(
        "--interrupted",
        action="append",
        metavar="DATE",
        help="a written demand went out on DATE (art. 3:317 BW; repeatable)",
    )
    limit.add_argument(
        "--acknowledged",
        action="append",
        metavar="DATE",
        help="the debtor acknowledged the claim on DATE: a promise or a plan "
        "(art. 3:318 BW; repeatable)",
    )
    limit.add_argument("--today", metavar="DATE", help="report whether to warn on this day")
    limit.add_argument("--json", action="store_true")
    limit.set_defaults(handler=handle_limitation)
