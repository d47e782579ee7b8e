"""From the database to a `Letter`: what one message says on the day it is sent.

Everything is read fresh when the message is composed, not taken from the run that decided
it: the open amounts come from the ledger (a payment since the run lowers them, a settled
invoice drops out), a 14-day letter's term is counted from the day it actually goes out and
by the channel it goes by, and interest and costs are computed to that day by the law engine.
"""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count

from innen.collection.models import ActionStatus, Message, PolicyStep
from innen.ledger.models import Customer, Invoice
from innen.ledger.querysets import InvoiceQuerySet
from innen.letters.defaults import TemplateText, default_template
from innen.letters.law_parts import fourteen_day_notice, payment_details
from innen.letters.letter import ClaimLines, FourteenDayNotice, InvoiceLine, Letter, Party
from innen.letters.samples import sample_letter
from innen.money import ZERO, round_cents
from innen.organisations.models import Organisation
from innen.outbox.claim_on import Flags, OpenInvoice, claim_on
from innen.outbox.links import portal_code, portal_entry_url, portal_url
from innen.outbox.models import MessageTemplate, SenderSettings
from innen.outbox.waivers import without_waived
from innen.rates.selectors import rate_tables

FOURTEEN_DAY_LETTER = "fourteen_day_letter"
LOGO_MAX_BYTES = 2_000_000  # a bigger logo would make every letter heavy: leave it out


def template_for(organisation: Organisation, kind: str, language: str) -> TemplateText:
    """The organisation's own text for `kind` in `language`, else innen's default."""
    row = MessageTemplate.objects.filter(
        organisation=organisation, kind=kind, language=language
    ).first()
    if row is None:
        return default_template(kind, language)
    return TemplateText(row.subject, row.body)


def compose_letter(message: Message, *, on: date, channel: str) -> Letter:
    """The letter `message` is on `on`, sent by `channel` ("email" or "letter").

    Invoices settled since the run are left out; the caller decides what to do when none
    is left. For a 14-day letter `pay_before` is the term counted from `on` and `channel`.
    """
    actions = list(message.actions.filter(status=ActionStatus.ACTIVE))
    flags = without_waived({a.invoice_id: (a.claims_interest, a.claims_costs) for a in actions}, on)
    return _letter(
        message.organisation,
        message.customer,
        kind=message.kind,
        language=message.customer.language,
        step=message.step,
        invoices=open_invoices(_named(message, flags, on)),
        flags=flags,
        pay_before=message.pay_before,
        on=on,
        channel=channel,
        reference=f"innen-{message.pk}",
    )


def _named(message: Message, flags: dict[int, Flags], on: date) -> InvoiceQuerySet:
    """The invoices `message` names: those with an action in it. A consumer's 14-day letter
    names every claim in default (art. 6:96 lid 7 BW) because the run gave each of them its
    14-day letter action in the same message (`innen.dunning.named`)."""
    return Invoice.objects.filter(pk__in=flags)


def preview_letter(
    organisation: Organisation,
    *,
    kind: str,
    language: str,
    on: date,
    customer: Customer | None = None,
) -> Letter:
    """The letter a step of `kind` would give a real customer on `on`, in `language`.

    For the template editor's live preview and validation: `customer`, else the customer
    with the most open invoices; without any, the sample letter under the organisation's
    own name, address, logo and bank account.
    """
    customer = customer or customer_with_most_open_invoices(organisation)
    invoices = open_invoices(Invoice.objects.filter(customer=customer)) if customer else []
    if customer is None or not invoices:
        return _sample_as(organisation, kind, language, on)
    step = step_for(organisation, kind, customer.kind)
    claims = (step.claims_interest, step.claims_costs) if step else (False, False)
    return _letter(
        organisation,
        customer,
        kind=kind,
        language=language,
        step=step,
        invoices=invoices,
        flags={pk: claims for pk, _ in invoices},
        pay_before=_own_term(step, on),
        on=on,
        channel="letter",
        reference="innen-voorbeeld" if language == "nl" else "innen-preview",
    )


# --- the letter ------------------------------------------------------------------------


def _letter(
    organisation: Organisation,
    customer: Customer,
    *,
    kind: str,
    language: str,
    step: PolicyStep | None,
    invoices: list[OpenInvoice],
    flags: dict[int, Flags],
    pay_before: date | None,
    on: date,
    channel: str,
    reference: str,
) -> Letter:
    lines = tuple(line for _, line in invoices)
    notice = None
    if kind == FOURTEEN_DAY_LETTER and lines:
        notice = fourteen_day_notice(
            [line.open_amount for line in lines],
            sent=on,
            channel=channel,
            at_least_until=_own_term(step, on),
        )
        pay_before = notice.term_ends
    elif pay_before is None and kind == "pre_due_notice" and lines:
        pay_before = min(line.due_date for line in lines)
    claim = letter_claim(customer, invoices, flags, on)
    return letter_to(
        organisation,
        customer,
        kind=kind,
        step_name=step.name if step else kind,
        language=language,
        on=on,
        lines=lines,
        pay_before=pay_before,
        amount=claim.total if claim else None,
        reference=reference,
        claim=claim,
        fourteen_day=notice,
        portal_entry=portal_entry_url(),
        portal_code=portal_code(customer),
    )


def letter_to(
    organisation: Organisation,
    customer: Customer,
    *,
    kind: str,
    step_name: str,
    language: str,
    on: date,
    lines: tuple[InvoiceLine, ...],
    pay_before: date | None,
    amount: Decimal | None,
    reference: str,
    claim: ClaimLines | None = None,
    fourteen_day: FourteenDayNotice | None = None,
    portal_entry: str = "",
    portal_code: str = "",
) -> Letter:
    """A letter from `organisation` to `customer` about `lines`: the parties, the payment
    details asking `amount` (None: all that is open), the logo and the signature.

    The ladder's messages and the arrangements' notices are both written this way."""
    total_open = sum((line.open_amount for line in lines), ZERO)
    logo, logo_mime = organisation_logo(organisation)
    return Letter(
        kind=kind,
        step_name=step_name,
        language=language,
        date=on,
        organisation=organisation_party(organisation),
        customer=customer_party(customer),
        consumer=customer.is_consumer,
        invoices=lines,
        total_open=total_open,
        pay_before=pay_before,
        payment=payment_details(
            name=organisation.name,
            iban=organisation.iban,
            bic=organisation.bic,
            amount=total_open if amount is None else amount,
            invoices=lines,
        ),
        portal_url=portal_url(organisation.pk, customer.pk),
        portal_entry=portal_entry,
        portal_code=portal_code,
        reference=reference,
        claim=claim,
        fourteen_day=fourteen_day,
        logo=logo,
        logo_mime=logo_mime,
        signatory=signatory(organisation),
    )


def invoice_line(invoice: Any) -> InvoiceLine:
    """An invoice as a letter lists it, at its `open_amount` (annotated by the `with_balance`
    and `open` querysets)."""
    return InvoiceLine(
        number=invoice.number,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        total=invoice.total,
        open_amount=round_cents(Decimal(str(invoice.open_amount))),
        payment_reference=invoice.payment_reference,
    )


def open_invoices(invoices: InvoiceQuerySet) -> list[OpenInvoice]:
    """The still-open invoices among `invoices`, oldest due first, at today's open amounts."""
    return [
        (invoice.pk, invoice_line(invoice))
        for invoice in invoices.open().order_by("due_date", "number")
    ]


def _own_term(step: PolicyStep | None, on: date) -> date | None:
    """The pay-before day the step's own term gives on `on` (None: it sets none)."""
    if step is None or step.pay_term_days is None:
        return None
    return on + timedelta(days=step.pay_term_days)


# --- interest and costs ----------------------------------------------------------------


def letter_claim(
    customer: Customer, invoices: list[OpenInvoice], flags: dict[int, Flags], on: date
) -> ClaimLines | None:
    """Interest and costs to `on` for the invoices whose step claims them (None: none do):
    the one claim (`claim_on`) as the letter's step states it. For a business a letter whose
    step claims costs is itself the written demand from which the scale is due."""
    claim = claim_on(customer, invoices, on, flags=flags, letter=True)
    return claim.lines if claim is not None else None


# --- parties ---------------------------------------------------------------------------


def organisation_party(organisation: Organisation) -> Party:
    return Party(
        name=organisation.name,
        street=organisation.street,
        postcode=organisation.postcode,
        city=organisation.city,
        country=organisation.country,
        email=organisation.email,
        phone=organisation.phone,
        website=organisation.website,
        kvk_number=organisation.kvk_number,
        vat_number=organisation.vat_number,
    )


def customer_party(customer: Customer) -> Party:
    emails = customer.email_list
    return Party(
        name=customer.name,
        street=customer.street,
        postcode=customer.postcode,
        city=customer.city,
        country=customer.country,
        contact_person=customer.contact_person,
        email=emails[0] if emails else "",
        phone=customer.phone,
        number=customer.number,
    )


def organisation_logo(organisation: Organisation) -> tuple[bytes | None, str]:
    """The logo's bytes and type; (None, "") without one, or when it cannot be read."""
    if not organisation.logo:
        return None, ""
    try:
        if organisation.logo.size > LOGO_MAX_BYTES:
            return None, ""
        with organisation.logo.open("rb") as file:
            data = file.read()
    except (OSError, ValueError):  # a missing file must not stop the letters going out
        return None, ""
    return data, mimetypes.guess_type(organisation.logo.name)[0] or ""


def signatory(organisation: Organisation) -> str:
    sender = SenderSettings.objects.filter(organisation=organisation).first()
    return sender.signatory if sender else ""


# --- preview helpers -------------------------------------------------------------------


def customer_with_most_open_invoices(organisation: Organisation) -> Customer | None:
    row = (
        Invoice.objects.filter(organisation=organisation)
        .open()
        .values("customer")
        .annotate(count=Count("pk"))
        .order_by("-count", "customer")
        .first()
    )
    return Customer.objects.get(pk=row["customer"]) if row else None


def step_for(organisation: Organisation, kind: str, customer_kind: str) -> PolicyStep | None:
    """A step of `kind` in the organisation's policies for the customer's kind (default first)."""
    return (
        PolicyStep.objects.filter(
            organisation=organisation, policy__customer_kind=customer_kind, kind=kind
        )
        .order_by("-policy__is_default", "policy__name", "position")
        .first()
    )


def _sample_as(organisation: Organisation, kind: str, language: str, on: date) -> Letter:
    """The sample letter, sent by `organisation`: its name, address, logo and bank account."""
    sample = sample_letter(kind, language, on, rates=rate_tables())
    logo, logo_mime = organisation_logo(organisation)
    payment = sample.payment
    if payment is not None:
        payment = (
            replace(payment, name=organisation.name, iban=organisation.iban, bic=organisation.bic)
            if organisation.iban
            else None
        )
    return replace(
        sample,
        organisation=organisation_party(organisation),
        payment=payment,
        logo=logo if logo else sample.logo,
        logo_mime=logo_mime if logo else sample.logo_mime,
        signatory=signatory(organisation),
    )
