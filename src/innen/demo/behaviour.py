"""How each profile pays: the payments and credit notes that follow a customer's invoices.

Each profile is one function of the customer's invoices (oldest first). Payments carry the
invoices they name; what they settle is worked out later by `replay`, by the ledger's
rule. Nothing is paid or credited after `today`.

Customers who pay late react to the letters of the default ladder (`innen.dunning.defaults`:
a reminder at due + 7 days, a second one at + 21, the formal letter at + 30): a share pays
within days of each letter, more after the formal letter than after a reminder, so the
demo's funnel shows what each step yields.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from innen.demo.facts import DemoCreditNote, DemoCustomer, DemoInvoice, DemoPayment, Profile
from innen.demo.invoices import vat_on
from innen.demo.situations import Situation
from innen.dunning.days import add_business_days, is_business_day
from innen.money import ZERO, round_cents


@dataclass(frozen=True)
class Behaviour:
    """Payments and credit notes, not yet numbered (see `generator`)."""

    payments: tuple[DemoPayment, ...]
    credit_notes: tuple[DemoCreditNote, ...]


@dataclass(frozen=True)
class _Context:
    rng: random.Random
    customer: DemoCustomer
    situation: Situation
    today: date


def behave(
    rng: random.Random,
    customer: DemoCustomer,
    situation: Situation,
    invoices: Sequence[DemoInvoice],
    today: date,
) -> Behaviour:
    context = _Context(rng, customer, situation, today)
    return PROFILES[customer.profile](context, list(invoices))


def _punctual(ctx: _Context, invoices: list[DemoInvoice]) -> Behaviour:
    payments = []
    for invoice in invoices:
        early = ctx.rng.randint(0, ctx.customer.payment_term_days * 6 // 10)
        on = _working_day_before(invoice.due_date - timedelta(days=early), invoice.issue_date)
        payments += _pay(ctx, [invoice], on)
    return Behaviour(tuple(payments), ())


# The default ladder's letters, in days after the due date, and the share of those still
# unpaid that pays within the letter's fortnight: more after the formal letter.
LETTERS = ((7, 0.35), (21, 0.30), (30, 0.90))
FORMAL_LETTER = 30
# After the trouble starts, this share of new invoices is still paid: after the formal letter.
TROUBLE_PAYS_AFTER_LETTER = 0.5
LATE_AT_LAST = (50, 130)  # the others pay this many days after the due date


def paid_after_letters(rng: random.Random, due: date) -> date:
    """The day a customer who waits for the letters pays an invoice due on `due`."""
    for days, share in LETTERS:
        if rng.random() < share:
            letter = add_business_days(due + timedelta(days=days), 0)
            return add_business_days(letter, rng.randint(1, 8))
    return due + timedelta(days=rng.randint(*LATE_AT_LAST))


def _late(ctx: _Context, invoices: list[DemoInvoice]) -> Behaviour:
    payments = []
    for invoice in invoices:
        if ctx.rng.random() < 0.35:
            on = invoice.due_date + timedelta(days=ctx.rng.randint(2, 6))
        else:
            on = paid_after_letters(ctx.rng, invoice.due_date)
        payments += _pay(ctx, [invoice], on)
    return Behaviour(tuple(payments), ())


def _forgetful(ctx: _Context, invoices: list[DemoInvoice]) -> Behaviour:
    # Each invoice is paid when a letter reminds the customer; invoices that come up within
    # a week of each other are mostly paid together.
    planned = sorted(
        ((paid_after_letters(ctx.rng, invoice.due_date), invoice) for invoice in invoices),
        key=lambda pair: (pair[0], pair[1].number),
    )
    payments: list[DemoPayment] = []
    group: list[tuple[date, DemoInvoice]] = []
    for day, invoice in planned:
        if group and (day - group[0][0]).days <= 7 and ctx.rng.random() < 0.75:
            group.append((day, invoice))
            continue
        if group:
            payments += _pay(ctx, [inv for _, inv in group], group[-1][0])
        group = [(day, invoice)]
    if group:
        payments += _pay(ctx, [inv for _, inv in group], group[-1][0])
    return Behaviour(tuple(payments), ())


def _in_trouble(ctx: _Context, invoices: list[DemoInvoice]) -> Behaviour:
    """Pay in full until the trouble starts; after that, some invoices in full once the formal
    letter comes, and round sums on account for the others, ever less."""
    start = ctx.situation.turning_point
    assert start is not None
    payments = []
    regime = []
    for invoice in invoices:
        on = _working_day_after(invoice.due_date + timedelta(days=ctx.rng.randint(0, 15)))
        if on < start:
            payments += _pay(ctx, [invoice], on)
        elif ctx.rng.random() < TROUBLE_PAYS_AFTER_LETTER:
            letter = add_business_days(invoice.due_date + timedelta(days=FORMAL_LETTER), 0)
            payments += _pay(ctx, [invoice], add_business_days(letter, ctx.rng.randint(2, 9)))
        else:
            regime.append(invoice)
    payments += _pay_on_account(ctx, regime, start)
    return Behaviour(tuple(payments), ())


def _pay_on_account(ctx: _Context, regime: list[DemoInvoice], start: date) -> list[DemoPayment]:
    # The share paid of what has fallen due drops from 80% to 35%: the arrears grow. Since
    # it never reaches 100%, no payment is ever larger than what is open. The customer says
    # which invoices it pays on account of: not the ones it pays in full after their letter,
    # whose payment then brings exactly their principal (beyond it, it would pay their
    # interest and costs: `innen.ledger.paying`, which the demo's replay does not compute).
    payments = []
    paid = ZERO
    day = start + timedelta(days=ctx.rng.randint(7, 21))
    span = max((ctx.today - start).days, 1)
    while day <= ctx.today:
        share = Decimal("0.80") - Decimal("0.45") * Decimal((day - start).days) / span
        due = sum((inv.total for inv in regime if inv.due_date <= day), ZERO)
        amount = _round_down((due * share) - paid, Decimal(25))
        if amount > ZERO:
            named = tuple(inv.number for inv in regime if inv.due_date <= day)
            payments.append(_payment(ctx, day, amount, named, _on_account_text(ctx.customer)))
            paid += amount
        day = _working_day_after(day + timedelta(days=ctx.rng.randint(14, 35)))
    return payments


def _disputing(ctx: _Context, invoices: list[DemoInvoice]) -> Behaviour:
    """Pay a bit late, except for the disputed invoices: credited in part, in full, or not paid."""
    disputed = set(ctx.rng.sample(range(len(invoices)), k=max(1, round(len(invoices) * 0.28))))
    payments: list[DemoPayment] = []
    notes: list[DemoCreditNote] = []
    for index, invoice in enumerate(invoices):
        if index not in disputed:
            payments += _pay(
                ctx, [invoice], invoice.due_date + timedelta(days=ctx.rng.randint(0, 25))
            )
            continue
        outcome = ctx.rng.choices(("part", "full", "open"), (40, 25, 35))[0]
        if outcome == "part":
            percent = ctx.rng.choice((10, 15, 20, 25, 30, 40, 50))
            on = invoice.issue_date + timedelta(days=ctx.rng.randint(10, 45))
            note = _credit(invoice, on, percent)
            if on <= ctx.today:
                notes.append(note)
                rest = invoice.total - note.total
                then = on + timedelta(days=ctx.rng.randint(3, 20))
                payments += _pay(ctx, [invoice], then, amount=rest)
        elif outcome == "full":
            on = invoice.issue_date + timedelta(days=ctx.rng.randint(15, 60))
            if on <= ctx.today:
                notes.append(_credit(invoice, on, 100))
        # "open": the customer disputes it and does not pay; credit control must decide.
    return Behaviour(tuple(payments), tuple(notes))


def _gone(ctx: _Context, invoices: list[DemoInvoice]) -> Behaviour:
    stop = ctx.situation.turning_point
    assert stop is not None
    payments = []
    for invoice in invoices:
        on = _working_day_after(invoice.due_date + timedelta(days=ctx.rng.randint(0, 15)))
        if on < stop:
            payments += _pay(ctx, [invoice], on)
    return Behaviour(tuple(payments), ())


PROFILES: dict[Profile, Callable[[_Context, list[DemoInvoice]], Behaviour]] = {
    Profile.PUNCTUAL: _punctual,
    Profile.LATE: _late,
    Profile.FORGETFUL: _forgetful,
    Profile.IN_TROUBLE: _in_trouble,
    Profile.DISPUTING: _disputing,
    Profile.GONE: _gone,
}


def _pay(
    ctx: _Context, invoices: list[DemoInvoice], on: date, amount: Decimal | None = None
) -> list[DemoPayment]:
    """Return the payment of `invoices` on `on` (off the weekend), or none if in the future."""
    on = _working_day_after(on)
    if on > ctx.today:
        return []
    if amount is None:
        amount = sum((invoice.total for invoice in invoices), ZERO)
    designated = tuple(invoice.number for invoice in invoices)
    return [_payment(ctx, on, amount, designated, _description(ctx, invoices))]


def _payment(
    ctx: _Context, on: date, amount: Decimal, designated: tuple[str, ...], text: str
) -> DemoPayment:
    customer = ctx.customer
    iban = customer.ibans[-1] if ctx.rng.random() < 0.2 else customer.ibans[0]
    return DemoPayment(
        reference="",
        customer_number=customer.number,
        date=on,
        amount=amount,
        payer_name=_payer_name(customer),
        payer_iban=iban,
        description=text,
        designated=designated,
    )


def _credit(invoice: DemoInvoice, on: date, percent: int) -> DemoCreditNote:
    if percent == 100:
        excl, vat = invoice.amount_excl_vat, invoice.vat_amount
    else:
        excl = round_cents(invoice.amount_excl_vat * percent / 100)
        vat = vat_on(excl, invoice.vat_rate)
    return DemoCreditNote(
        number="",
        customer_number=invoice.customer_number,
        invoice_number=invoice.number,
        issue_date=on,
        amount_excl_vat=excl,
        vat_amount=vat,
        total=excl + vat,
    )


def _description(ctx: _Context, invoices: list[DemoInvoice]) -> str:
    # Most payers copy the betalingskenmerk; the others type the invoice number.
    if len(invoices) == 1 and invoices[0].payment_reference and ctx.rng.random() < 0.6:
        return invoices[0].payment_reference
    customer = ctx.customer
    word = (
        ("Invoice" if len(invoices) == 1 else "Invoices")
        if customer.language == "en"
        else ("Factuur" if len(invoices) == 1 else "Facturen")
    )
    return f"{word} {', '.join(invoice.number for invoice in invoices)}"[:500]


def _on_account_text(customer: DemoCustomer) -> str:
    return "Payment on account" if customer.language == "en" else "Betaling op rekening"


def _payer_name(customer: DemoCustomer) -> str:
    # Banks show the account holder: for a person, initial and surname.
    if customer.kind == "consumer":
        first, _, rest = customer.name.partition(" ")
        return f"{first[0]}. {rest}"
    return customer.name


def _round_down(amount: Decimal, step: Decimal) -> Decimal:
    return round_cents((amount / step).to_integral_value(rounding=ROUND_FLOOR) * step)


def _working_day_after(day: date) -> date:
    """`day`, or the next Dutch business day (banks book nothing on weekends and holidays)."""
    return add_business_days(day, 0)


def _working_day_before(day: date, not_before: date) -> date:
    while not is_business_day(day) and day > not_before:
        day -= timedelta(days=1)
    return max(day, not_before)
