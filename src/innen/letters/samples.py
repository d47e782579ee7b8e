"""A fictitious organisation with a business and a consumer customer: a `Letter` for any step.

For the sample documents (`innen letters samples`), tests, and the template preview of an
organisation that has no customer with open invoices yet. All dates follow from `on`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from innen.law.claim import STATUTORY_COSTS, Demand, Invoice, compute_claim, default_interest
from innen.law.rates import PUBLISHED, RateTables
from innen.law.references import make_rf_reference
from innen.letters.law_parts import claim_lines, fourteen_day_notice, payment_details
from innen.letters.letter import ClaimLines, InvoiceLine, Letter, Party
from innen.money import D

ORGANISATION = Party(
    name="Drukkerij Van Dam B.V.",
    street="Havenstraat 12",
    postcode="3011 AB",
    city="Rotterdam",
    email="debiteuren@drukkerijvandam.example",
    phone="010 123 45 67",
    website="https://drukkerijvandam.example",
    kvk_number="12345678",
    vat_number="NL001234567B01",
)
IBAN, BIC = "NL91ABNA0417164300", "ABNANL2A"

BUSINESS = Party(
    name="Koffiebranderij Het Anker B.V.",
    street="Oostelijke Handelskade 5",
    postcode="1019 BL",
    city="Amsterdam",
    contact_person="Anna de Vries",
    email="administratie@hetanker.example",
    number="K-1042",
)
CONSUMER = Party(
    name="J. Jansen",
    street="Lindelaan 8",
    postcode="3521 CD",
    city="Utrecht",
    email="j.jansen@example.nl",
    number="P-2077",
)

LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" width="220" height="60" viewBox="0 0 220 60">
<rect x="0" y="6" width="48" height="48" rx="6" fill="#1d4f7a"/>
<path d="M14 18h10c9 0 14 5 14 12s-5 12-14 12H14z" fill="#fff"/>
<text x="58" y="30" font-family="DejaVu Sans" font-size="17" font-weight="bold"
 fill="#1d4f7a">DRUKKERIJ</text>
<text x="58" y="50" font-family="DejaVu Sans" font-size="17" fill="#333">VAN DAM</text>
</svg>"""

# Step kinds that claim interest and costs from a business in the samples.
CLAIMING = ("ingebrekestelling", "handover")
STEP_NAMES = {
    "pre_due_notice": "Vriendelijke herinnering vooraf",
    "reminder": "Betalingsherinnering",
    "friendly_reminder": "Vriendelijke herinnering",
    "call_task": "Bellen",
    "second_reminder": "Tweede herinnering",
    "aanmaning": "Aanmaning",
    "fourteen_day_letter": "Veertiendagenbrief",
    "ingebrekestelling": "Aanmaning en ingebrekestelling",
    "suspension_notice": "Opschorting dienstverlening",
    "handover": "Overdracht aan incassobureau",
    "custom": "Eigen bericht",
}


@dataclass(frozen=True)
class _Sample:
    """(days after `on` it was issued, days after `on` it is due, total, open) per invoice."""

    invoices: tuple[tuple[int, int, str, str], ...]
    pay_in_days: int | None


SAMPLES = {
    "pre_due_notice": _Sample(((-27, 3, "1250.00", "1250.00"),), None),
    "reminder": _Sample(((-37, -7, "605.00", "605.00"), (-42, -12, "242.00", "242.00")), 7),
    "friendly_reminder": _Sample(((-33, -3, "605.00", "605.00"),), 7),
    "call_task": _Sample(((-44, -14, "605.00", "605.00"),), None),
    "second_reminder": _Sample(((-51, -21, "605.00", "605.00"),), 7),
    "fourteen_day_letter": _Sample(
        (
            (-60, -30, "100.00", "100.00"),
            (-65, -35, "150.00", "150.00"),
            (-70, -40, "200.00", "200.00"),
        ),
        None,
    ),
}
_LATE = _Sample(
    (
        (-60, -30, "1210.00", "1000.00"),
        (-75, -45, "847.00", "847.00"),
        (-90, -60, "2420.00", "2420.00"),
    ),
    14,
)


def sample_letter(
    kind: str,
    language: str,
    on: date,
    *,
    rates: RateTables = PUBLISHED,
    invoices: int | None = None,
) -> Letter:
    """The sample organisation's message of `kind` in `language`, dated `on`; its interest
    computed with `rates` (the database's, where there is one); with `invoices`, about only
    that many of the sample's invoices."""
    consumer = kind == "fourteen_day_letter"
    sample = SAMPLES.get(kind, _LATE)
    if invoices is not None:
        sample = replace(sample, invoices=sample.invoices[:invoices])
    lines = _invoices(sample, on, kind)
    total_open = sum((invoice.open_amount for invoice in lines), Decimal(0))
    pay_before = _pay_before(kind, sample, lines, on)
    notice = None
    if kind == "fourteen_day_letter":
        notice = fourteen_day_notice([i.open_amount for i in lines], sent=on, channel="letter")
        pay_before = notice.term_ends
    claim = _claim(lines, on, rates) if kind in CLAIMING else None
    amount = claim.total if claim is not None else total_open
    return Letter(
        kind=kind,
        step_name=STEP_NAMES.get(kind, kind),
        language=language,
        date=on,
        organisation=ORGANISATION,
        customer=CONSUMER if consumer else BUSINESS,
        consumer=consumer,
        invoices=lines,
        total_open=total_open,
        pay_before=pay_before,
        payment=payment_details(
            name=ORGANISATION.name, iban=IBAN, bic=BIC, amount=amount, invoices=lines
        ),
        portal_url="https://innen.example/portal/voorbeeld/",
        portal_entry="https://innen.example/portal/",
        portal_code="KX7P-M2QD",
        reference=f"innen-{on:%Y%m%d}-{sorted(STEP_NAMES).index(kind) + 1:02d}",
        claim=claim,
        fourteen_day=notice,
        logo=LOGO,
        logo_mime="image/svg+xml",
        signatory="M. van Dam, debiteurenbeheer",
    )


def _invoices(sample: _Sample, on: date, kind: str) -> tuple[InvoiceLine, ...]:
    lines = []
    for n, (issued, due, total, open_amount) in enumerate(sample.invoices, start=1):
        number = f"2026-{on.month:02d}{n:02d}"
        lines.append(
            InvoiceLine(
                number=number,
                issue_date=on + timedelta(days=issued),
                due_date=on + timedelta(days=due),
                total=D(total),
                open_amount=D(open_amount),
                # One invoice with an RF reference, so the QR code's structured field shows.
                payment_reference=make_rf_reference(number.replace("-", "")) if n == 1 else "",
            )
        )
    return tuple(lines)


def _pay_before(
    kind: str, sample: _Sample, invoices: tuple[InvoiceLine, ...], on: date
) -> date | None:
    if kind == "pre_due_notice":
        return min(invoice.due_date for invoice in invoices)
    if kind == "handover" or sample.pay_in_days is None:
        return None
    return on + timedelta(days=sample.pay_in_days)


def _claim(invoices: tuple[InvoiceLine, ...], on: date, rates: RateTables) -> ClaimLines:
    claim = compute_claim(
        debtor="business",
        invoices=[Invoice(i.open_amount, i.due_date, i.issue_date) for i in invoices],
        until=on,
        interest=default_interest("business"),
        costs=STATUTORY_COSTS,
        demands=[Demand(on)],  # the letter is itself the written demand (art. 6:96 BW)
        rates=rates,
    )
    return claim_lines([claim])
