"""What the layouts print, formatted once: the same lines in the PDF, HTML and text e-mail.

The fixed parts are built here from the `Letter` alone, never from the editable text: the
invoice table, the total, the claim lines, the 14-day letter's legal block and the payment
details, so no template edit can leave them out.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from babel import Locale

from innen.law.references import (
    InvalidReference,
    validate_payment_reference,
    validate_rf_reference,
)
from innen.letters.defaults import TemplateText
from innen.letters.formatting import locale_for, long_date, money, short_date
from innen.letters.labels import labels
from innen.letters.letter import Letter, Party
from innen.letters.qr import payment_qr_uri


@dataclass(frozen=True)
class InvoiceRow:
    number: str
    issue_date: str
    due_date: str
    total: str
    open_amount: str


@dataclass(frozen=True)
class Line:
    """A label and a value; `strong` for totals."""

    label: str
    value: str
    strong: bool = False


@dataclass(frozen=True)
class LetterView:
    language: str
    words: dict[str, str]
    subject: str
    paragraphs: tuple[tuple[str, ...], ...]  # paragraphs of lines
    organisation: str
    sender_lines: tuple[str, ...]
    registration_lines: tuple[str, ...]  # the last of sender_lines: KvK, VAT, IBAN
    return_address: str
    recipient_lines: tuple[str, ...]
    meta: tuple[Line, ...]
    reference: str
    invoices: tuple[InvoiceRow, ...]
    total_open: Line
    claim_title: str
    claim: tuple[Line, ...]
    claim_note: str  # "" unless some interest was computed with the last known rate
    notice: tuple[str, ...]  # the 14-day letter's legal block (empty for other steps)
    payment: tuple[Line, ...]
    qr_uri: str | None
    portal_url: str
    portal_code: str  # "" when there is none; else the sentence with entry and code
    signatory: str
    logo_uri: str | None


def letter_view(letter: Letter, texts: TemplateText) -> LetterView:
    """The formatted content of `letter` with its rendered `texts`."""
    words = labels(letter.language)
    return LetterView(
        language=letter.language,
        words=words,
        subject=texts.subject,
        paragraphs=paragraphs(texts.body),
        organisation=letter.organisation.name,
        sender_lines=sender_lines(letter),
        registration_lines=registration_lines(letter),
        return_address=", ".join(address_lines(letter.organisation, letter.language)),
        recipient_lines=recipient_lines(letter),
        meta=meta_lines(letter),
        reference=letter.reference,
        invoices=invoice_rows(letter),
        total_open=Line(words["total_open"], money(letter.total_open, letter.language), True),
        claim_title=words["claim_title"].format(date=long_date(letter.date, letter.language)),
        claim=claim_lines(letter),
        claim_note=claim_note(letter),
        notice=notice_paragraphs(letter),
        payment=payment_lines(letter),
        qr_uri=payment_qr_uri(letter.payment),
        portal_url=letter.portal_url,
        portal_code=words["portal_code"].format(url=letter.portal_entry, code=letter.portal_code)
        if letter.portal_code and letter.portal_entry
        else "",
        signatory=letter.signatory,
        logo_uri=logo_uri(letter.logo, letter.logo_mime),
    )


def paragraphs(body: str) -> tuple[tuple[str, ...], ...]:
    """The body's paragraphs (split at blank lines), each as its lines."""
    blocks = re.split(r"\n[ \t]*\n", body.strip())
    return tuple(
        tuple(line.rstrip() for line in b.strip().splitlines()) for b in blocks if b.strip()
    )


def address_lines(party: Party, language: str) -> tuple[str, ...]:
    city = "  ".join(part for part in (party.postcode, party.city) if part)
    lines = [party.street, city]
    if party.country and party.country != "NL":
        country = Locale.parse(locale_for(language)).territories.get(party.country, party.country)
        lines.append(country.upper())
    return tuple(line for line in lines if line)


def recipient_lines(letter: Letter) -> tuple[str, ...]:
    customer = letter.customer
    lines = [customer.name]
    if customer.contact_person and customer.contact_person != customer.name:
        lines.append(f"{labels(letter.language)['attention']} {customer.contact_person}")
    return (*lines, *address_lines(customer, letter.language))


def sender_lines(letter: Letter) -> tuple[str, ...]:
    org = letter.organisation
    lines = [*address_lines(org, letter.language), org.phone, org.email, org.website]
    return tuple(line for line in lines if line) + registration_lines(letter)


def registration_lines(letter: Letter) -> tuple[str, ...]:
    """KvK, VAT and IBAN: a letter prints them in its footer, an e-mail under its signature."""
    org, words = letter.organisation, labels(letter.language)
    lines = []
    if org.kvk_number:
        lines.append(f"{words['kvk']} {org.kvk_number}")
    if org.vat_number:
        lines.append(f"{words['vat']} {org.vat_number}")
    if letter.payment is not None and letter.payment.iban:
        lines.append(f"IBAN {grouped(letter.payment.iban)}")
    return tuple(line for line in lines if line)


def meta_lines(letter: Letter) -> tuple[Line, ...]:
    words = labels(letter.language)
    lines = [
        Line(words["date"], long_date(letter.date, letter.language)),
        Line(words["our_reference"], letter.reference),
    ]
    if letter.customer.number:
        lines.append(Line(words["customer_number"], letter.customer.number))
    return tuple(lines)


def invoice_rows(letter: Letter) -> tuple[InvoiceRow, ...]:
    lang = letter.language
    return tuple(
        InvoiceRow(
            number=invoice.number,
            issue_date=short_date(invoice.issue_date, lang),
            due_date=short_date(invoice.due_date, lang),
            total=money(invoice.total, lang),
            open_amount=money(invoice.open_amount, lang),
        )
        for invoice in letter.invoices
    )


def claim_lines(letter: Letter) -> tuple[Line, ...]:
    """Principal, interest (named), collection costs (with VAT) and total, each on a line."""
    claim, lang = letter.claim, letter.language
    if claim is None:
        return ()
    words = labels(lang)
    lines = [Line(words["principal"], money(claim.principal, lang))]
    if claim.interest:
        lines.append(Line(words[f"interest_{claim.interest_kind}"], money(claim.interest, lang)))
    if claim.collection_costs:
        label = words["collection_costs"]
        if claim.collection_costs_vat:
            vat = words["incl_vat"].format(vat=money(claim.collection_costs_vat, lang))
            label = f"{label} ({vat})"
        lines.append(Line(label, money(claim.collection_costs, lang)))
    lines.append(Line(words["claim_total"], money(claim.total, lang), strong=True))
    return tuple(lines)


def claim_note(letter: Letter) -> str:
    """Sentences under the claim: interest after the known rates used the last known rate;
    costs raised by VAT say the creditor cannot deduct it (art. 2 lid 3 Besluit BIK)."""
    claim = letter.claim
    if claim is None:
        return ""
    words = labels(letter.language)
    notes = []
    if claim.rates_known_until is not None and claim.interest:
        date = long_date(claim.rates_known_until, letter.language)
        notes.append(words["rates_provisional"].format(date=date))
    if claim.collection_costs_vat:
        notes.append(words["vat_statement"])
    return " ".join(notes)


def notice_paragraphs(letter: Letter) -> tuple[str, ...]:
    """The 14-day letter's legal block: the term, the exact costs, and when the term ends."""
    notice, lang = letter.fourteen_day, letter.language
    if notice is None:
        return ()
    words = labels(lang)
    # The presumed receipt is the e-mail's or the post's: name what it is about.
    this = words["this_email"] if notice.channel == "email" else words["this_letter"]
    vat = ""
    if notice.collection_costs_vat:
        vat = words["notice_vat"].format(vat=money(notice.collection_costs_vat, lang))
    ends = long_date(notice.term_ends, lang)
    if notice.presumed_receipt is not None:
        received = long_date(notice.presumed_receipt, lang)
        dates = words["notice_dates"].format(this=this, received=received, ends=ends)
    else:
        dates = words["notice_ends"].format(ends=ends)
    costs = words["notice_costs"].format(costs=money(notice.collection_costs, lang), vat=vat)
    if notice.collection_costs_vat:  # art. 2 lid 3 Besluit BIK: the creditor must say so
        costs = f"{costs} {words['vat_statement']}"
    return (
        words["notice_term"].format(total=money(letter.total_open, lang), this=this),
        costs,
        dates,
    )


def payment_lines(letter: Letter) -> tuple[Line, ...]:
    payment, lang = letter.payment, letter.language
    if payment is None:
        return ()
    words = labels(lang)
    lines = [Line(words["pay_amount"], money(payment.amount, lang), strong=True)]
    notice = letter.fourteen_day
    if notice is not None:
        # The letter may be posted days after its date: a fixed day here could come before
        # the legal term ends (art. 6:96 lid 6 BW); state the term as the law counts it.
        this = words["this_email"] if notice.channel == "email" else words["this_letter"]
        term = words["pay_term_fourteen"].format(this=this)
        lines.append(Line(words["pay_term"], term, strong=True))
    elif letter.pay_before is not None:
        lines.append(Line(words["pay_before"], long_date(letter.pay_before, lang), strong=True))
    lines.append(Line(words["iban"], grouped(payment.iban)))
    if payment.bic:
        lines.append(Line(words["bic"], payment.bic))
    lines.append(Line(words["account_name"], payment.name))
    label = "payment_reference" if is_reference(payment.reference) else "payment_description"
    lines.append(Line(words[label], payment.reference))
    return tuple(lines)


def is_reference(text: str) -> bool:
    """True for a betalingskenmerk or RF reference (printed as "Betalingskenmerk")."""
    for validate in (validate_rf_reference, validate_payment_reference):
        try:
            validate(text)
        except InvalidReference:
            continue
        return True
    return False


def grouped(iban: str) -> str:
    """An IBAN in groups of four, as printed: NL91 ABNA 0417 1643 00."""
    compact = iban.replace(" ", "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def logo_uri(logo: bytes | None, mime: str) -> str | None:
    """The logo as a data URI (SVG, PNG or JPEG; the type sniffed when not given)."""
    if not logo:
        return None
    mime = mime or sniff_image(logo)
    if not mime:
        return None
    return f"data:{mime};base64,{base64.b64encode(logo).decode('ascii')}"


def sniff_image(data: bytes) -> str:
    head = data[:512].lstrip()
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        return "image/svg+xml"
    return ""
