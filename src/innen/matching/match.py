"""Which open invoice(s) a bank statement line pays: candidates, scores, a decision. Pure.

Rules, in order of trust (score 0–100; at or above the threshold, 90 by default, the match
is applied, below it the line goes to review):

=================================================================  =====
structured payment reference (betalingskenmerk or RF) is an invoice  100
a payment reference typed in the description                          98
invoice number(s) in the description (one candidate over all)         95
  ... unless the amount, the account or the name confirms it           85
  ... or the account is known to belong to another customer            85
known account + amount is the customer's total open                   94
known account + amount equals exactly one open invoice                93
number with one typo + amount equals that invoice's open amount       92
known account + unique combination of 2–4 open invoices               91
number with one typo                                                   80
name alike (≥ 0.85, one customer) + amount equals one invoice          75
=================================================================  =====

Two different candidates with the same top score, or an amount-only match (account plus
amount) that disagrees with a number in the description, go to review. Money in that
matches nothing goes to review without candidates.

Amounts: a payment below what is open is a partial payment (allocated oldest due date
first); above it, the open amount is allocated and the rest is `unallocated` (a credit
balance on the customer). Money out is a storno when the bank marks it as a return (it
re-opens the invoice(s) it reverses), a refund when it names an invoice or a customer, and
otherwise none of our business ("ignore").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from innen.formats.statement import Entry
from innen.matching import reasons as r
from innen.matching.book import ZERO, Book
from innen.matching.decision import (
    MAX_COMBINATION_POOL,
    NAME_MINIMUM,
    THRESHOLD,
    Candidate,
    Decision,
)
from innen.matching.gc_pause import collector_paused
from innen.matching.reading import compact
from innen.matching.reasons import say
from innen.matching.reversals import refund, storno
from innen.matching.scan import Found, scan_text


def _allocate(
    amount: Decimal, ids: list[int], book: Book, remaining: Mapping[int, Decimal]
) -> tuple[tuple[Decimal, ...], Decimal]:
    """Spread `amount` over the invoices, oldest due date first; return what is left over."""
    order = sorted(ids, key=lambda i: (book.invoice[i].due_date, i))
    left = amount
    allocation = dict.fromkeys(ids, ZERO)
    for i in order:
        take = min(left, _open(book, i, remaining))
        allocation[i] = take
        left -= take
    return tuple(allocation[i] for i in ids), left


def _open(book: Book, invoice_id: int, remaining: Mapping[int, Decimal]) -> Decimal:
    got = remaining.get(invoice_id)
    return book.invoice[invoice_id].open_amount if got is None else got


def _numbers(book: Book, ids: Iterable[int]) -> str:
    return ", ".join(book.invoice[i].number for i in ids)


def _amount_note(amount: Decimal, open_total: Decimal, unallocated: Decimal) -> str:
    if unallocated > 0:
        return say(r.LEAVES_CREDIT, open=open_total, credit=unallocated)
    if amount < open_total:
        return say(r.PARTIAL, amount=amount, open=open_total)
    return ""


def _for_invoices(
    entry: Entry,
    book: Book,
    ids: list[int],
    score: int,
    rule: str,
    reason: str,
    remaining: Mapping[int, Decimal],
) -> list[Candidate]:
    """One candidate per customer for invoices found by reference or number."""
    if len(ids) == 1:
        i = ids[0]
        open_amount = _open(book, i, remaining)
        paid = min(entry.amount, open_amount)
        left = entry.amount - paid
        return [
            Candidate(
                (i,),
                book.invoice[i].customer_id,
                (paid,),
                score,
                r.noted(reason, _amount_note(entry.amount, open_amount, left)),
                rule,
                left,
            )
        ]
    per_customer: dict[int, list[int]] = {}
    for i in dict.fromkeys(ids):
        per_customer.setdefault(book.invoice[i].customer_id, []).append(i)
    out = []
    for customer_id, invoice_ids in per_customer.items():
        invoice_ids.sort()
        open_total = sum((_open(book, i, remaining) for i in invoice_ids), ZERO)
        amounts, left = _allocate(entry.amount, invoice_ids, book, remaining)
        out.append(
            Candidate(
                tuple(invoice_ids),
                customer_id,
                amounts,
                score,
                r.noted(reason, _amount_note(entry.amount, open_total, left)),
                rule,
                left,
            )
        )
    return out


def _text_candidates(
    entry: Entry, book: Book, remaining: Mapping[int, Decimal], iban_customers: list[int]
) -> list[Candidate]:
    """What the payment reference and the description say: reference, number, typo."""
    out = _reference_candidates(entry, book, remaining)
    if out and len(out) == 1 and out[0].unallocated == 0:
        # The reference says which invoice; the description can only add doubt, not trust.
        return out
    found = scan_text(entry.remittance, book, book.by_reference, book.by_number)
    out += _reference_in_text_candidates(entry, book, remaining, found)
    out += _number_candidates(entry, book, remaining, found, iban_customers)
    out += _typo_candidates(entry, book, remaining, found)
    return out


def _reference_candidates(
    entry: Entry, book: Book, remaining: Mapping[int, Decimal]
) -> list[Candidate]:
    ref = compact(entry.structured_reference)
    if not (ref and ref in book.by_reference):
        return []
    ids = book.by_reference[ref]
    return _for_invoices(
        entry,
        book,
        ids,
        100,
        "reference",
        say(r.REFERENCE_IS, reference=entry.structured_reference, invoices=_numbers(book, ids)),
        remaining,
    )


def _reference_in_text_candidates(
    entry: Entry, book: Book, remaining: Mapping[int, Decimal], found: Found
) -> list[Candidate]:
    if not found.references:
        return []
    ids = [i for i, _ in found.references]
    texts = ", ".join(dict.fromkeys(t for _, t in found.references))
    return _for_invoices(
        entry,
        book,
        ids,
        98,
        "reference-in-text",
        say(r.TEXT_HOLDS_REFERENCE, texts=texts, invoices=_numbers(book, ids)),
        remaining,
    )


def _number_candidates(
    entry: Entry,
    book: Book,
    remaining: Mapping[int, Decimal],
    found: Found,
    iban_customers: list[int],
) -> list[Candidate]:
    """Invoice numbers in the description, trusted less when nothing else confirms them."""
    if not found.exact:
        return []
    ids = [i for i, _ in found.exact]
    texts = ", ".join(dict.fromkeys(t for _, t in found.exact))
    out = []
    for cand in _for_invoices(
        entry,
        book,
        ids,
        95,
        "number",
        say(r.TEXT_NAMES, invoices=_numbers(book, sorted(set(ids))), texts=texts),
        remaining,
    ):
        open_total = sum((_open(book, i, remaining) for i in cand.invoice_ids), ZERO)
        own_account = cand.customer_id in iban_customers
        if iban_customers and not own_account:
            cand = _lower(cand, 85, say(r.ACCOUNT_OF_ANOTHER))
        elif not (
            own_account
            or entry.amount == open_total
            or book.name_alike(cand.customer_id, entry.counterparty_name)
        ):
            cand = _lower(cand, 85, say(r.NOTHING_CONFIRMS))
        out.append(cand)
    return out


def _typo_candidates(
    entry: Entry, book: Book, remaining: Mapping[int, Decimal], found: Found
) -> list[Candidate]:
    out: list[Candidate] = []
    for invoice_id, text in found.typos:
        inv = book.invoice[invoice_id]
        exact_amount = entry.amount == _open(book, invoice_id, remaining)
        if exact_amount:
            reason = say(r.ONE_TYPO_EXACT, text=text, invoice=inv.number, amount=entry.amount)
        else:
            reason = say(r.ONE_TYPO, text=text, invoice=inv.number)
        out += _for_invoices(
            entry, book, [invoice_id], 92 if exact_amount else 80, "number-typo", reason, remaining
        )
    return out


def _lower(cand: Candidate, score: int, why: str) -> Candidate:
    return Candidate(
        cand.invoice_ids,
        cand.customer_id,
        cand.amounts,
        min(cand.score, score),
        r.noted(cand.reason, why),
        cand.rule,
        cand.unallocated,
    )


def _iban_candidates(
    entry: Entry, book: Book, customers: list[int], remaining: Mapping[int, Decimal]
) -> list[Candidate]:
    """A known account: the amount is one invoice, all that is open, or a unique combination."""
    out: list[Candidate] = []
    for customer_id in customers:
        out += _iban_candidates_of(entry.amount, book, customer_id, remaining)
    return out


def _iban_candidates_of(
    amount: Decimal, book: Book, customer_id: int, remaining: Mapping[int, Decimal]
) -> list[Candidate]:
    # One invoice of exactly this amount: an index hit, no look at the others.
    singles = [
        i
        for i in book.invoices_with_amount(customer_id, amount)
        if (remaining.get(i) if i in remaining else amount) == amount
    ]
    if singles and len(singles) < book.open_count(customer_id):
        return [_iban_single(book, customer_id, i, amount) for i in singles]
    if book.open_count(customer_id) > MAX_COMBINATION_POOL:
        return []
    opens = _open_amounts(book, customer_id, remaining)
    if not opens:
        return []
    name = book.customer[customer_id].name
    if sum(opens.values(), ZERO) == amount:
        ids = tuple(sorted(opens))
        rule, score = ("iban-total", 94) if len(ids) > 1 else ("iban-amount", 93)
        reason = say(r.ACCOUNT_ALL_OPEN, name=name, amount=amount, invoices=_numbers(book, ids))
        return [Candidate(ids, customer_id, tuple(opens[i] for i in ids), score, reason, rule)]
    singles = [i for i, left in opens.items() if left == amount]
    if singles:
        return [_iban_single(book, customer_id, i, amount) for i in singles]
    combo = _unique_combination(opens, amount)
    if not combo:
        return []
    reason = say(r.ACCOUNT_COMBINATION, name=name, amount=amount, invoices=_numbers(book, combo))
    amounts = tuple(opens[i] for i in combo)
    return [Candidate(combo, customer_id, amounts, 91, reason, "iban-combination")]


def _iban_single(book: Book, customer_id: int, invoice_id: int, amount: Decimal) -> Candidate:
    return Candidate(
        (invoice_id,),
        customer_id,
        (amount,),
        93,
        say(
            r.ACCOUNT_ONE,
            name=book.customer[customer_id].name,
            amount=amount,
            invoice=book.invoice[invoice_id].number,
        ),
        "iban-amount",
    )


def _open_amounts(
    book: Book, customer_id: int, remaining: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    """What is still open on each of the customer's invoices, leaving out the settled."""
    opens = {}
    for i in book.open_of(customer_id):
        left = remaining.get(i) if i in remaining else book.invoice[i].open_amount
        if left:
            opens[i] = left
    return opens


def _unique_combination(opens: Mapping[int, Decimal], amount: Decimal) -> tuple[int, ...] | None:
    """The one set of 2–4 invoices whose open amounts add up to `amount`, or None.

    Sums of pairs are hashed once; a set of three is a pair plus one, of four two pairs.
    """
    cents = {i: int(a * 100) for i, a in opens.items() if a <= amount}
    target = int(amount * 100)
    ids = sorted(cents)
    pairs: dict[int, list[tuple[int, int]]] = {}
    for x in range(len(ids)):
        for y in range(x + 1, len(ids)):
            pairs.setdefault(cents[ids[x]] + cents[ids[y]], []).append((ids[x], ids[y]))
    found: set[tuple[int, ...]] = set(pairs.get(target, ()))
    if len(found) > 1:
        return None
    for i in ids:
        for pair in pairs.get(target - cents[i], ()):
            if i not in pair:
                found.add(tuple(sorted((i, *pair))))
        if len(found) > 1:
            return None
    for total, some in pairs.items():
        for first in some:
            for second in pairs.get(target - total, ()):
                if not set(first) & set(second):
                    found.add(tuple(sorted(first + second)))
        if len(found) > 1:
            return None
    return found.pop() if found else None


def _name_candidates(entry: Entry, book: Book, remaining: Mapping[int, Decimal]) -> list[Candidate]:
    """A name like one customer's and an amount like one of its invoices: for review."""
    if not entry.counterparty_name:
        return []
    hits = [
        (c, i, s)
        for c, i, s in book.alike_with_amount(entry.counterparty_name, entry.amount, NAME_MINIMUM)
        if _open(book, i, remaining) == entry.amount
    ]
    if len(hits) != 1:
        return []
    customer_id, i, similarity = hits[0]
    name = book.customer[customer_id].name
    return [
        Candidate(
            (i,),
            customer_id,
            (entry.amount,),
            75,
            say(
                r.NAME_ALIKE,
                name=repr(entry.counterparty_name),
                similarity=f"{similarity:.0%}",
                customer=repr(name),
                amount=entry.amount,
                invoice=book.invoice[i].number,
            ),
            "name-amount",
        )
    ]


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per (customer, invoices): the best-scored, best first."""
    best: dict[tuple[int, tuple[int, ...]], Candidate] = {}
    for cand in candidates:
        key = (cand.customer_id, cand.invoice_ids)
        if key not in best or cand.score > best[key].score:
            best[key] = cand
    return sorted(best.values(), key=lambda c: (-c.score, c.invoice_ids))


def _by_reference_alone(
    entry: Entry, book: Book, remaining: Mapping[int, Decimal]
) -> Decision | None:
    """The common case, decided at once: a structured reference of one invoice, not overpaid."""
    reference = entry.structured_reference
    if not reference:
        return None
    ids = book.by_reference.get(reference) or book.by_reference.get(compact(reference))
    if not ids or len(ids) != 1:
        return None
    i = ids[0]
    open_amount = remaining.get(i) if i in remaining else book.invoice[i].open_amount
    if open_amount is None or entry.amount > open_amount:
        return None
    reason = r.noted(
        say(r.REFERENCE_IS, reference=reference, invoices=book.invoice[i].number),
        _amount_note(entry.amount, open_amount, ZERO),
    )
    chosen = Candidate((i,), book.invoice[i].customer_id, (entry.amount,), 100, reason, "reference")
    return Decision(entry.number, "apply", (chosen,), chosen, reason)


def match_entry(
    entry: Entry,
    book: Book,
    threshold: int = THRESHOLD,
    remaining: Mapping[int, Decimal] | None = None,
) -> Decision:
    """Decide what one statement line is. `remaining`: open amounts changed since the book."""
    remaining = remaining or {}
    if entry.amount < 0:
        return storno(entry, book) if entry.is_return else refund(entry, book)
    if entry.amount == 0:
        return Decision(entry.number, "ignore", (), None, say(r.ZERO_AMOUNT))
    fast = _by_reference_alone(entry, book, remaining)
    if fast is not None:
        return fast
    iban_customers = book.customers_with_iban(entry.counterparty_iban)
    candidates = _text_candidates(entry, book, remaining, iban_customers)
    if not any(c.score >= threshold for c in candidates) and iban_customers:
        candidates += _iban_candidates(entry, book, iban_customers, remaining)
    if not candidates and not iban_customers:
        candidates = _name_candidates(entry, book, remaining)
    candidates = _merge(candidates)
    if not candidates:
        return Decision(entry.number, "review", (), None, say(r.NO_OPEN_INVOICE))
    top = candidates[0]
    if len(candidates) > 1 and candidates[1].score == top.score:
        count = len([c for c in candidates if c.score == top.score])
        tied = say(r.TIED, count=count, score=top.score)
        return Decision(entry.number, "review", tuple(candidates), None, tied)
    if top.score < threshold:
        return Decision(
            entry.number,
            "review",
            tuple(candidates),
            None,
            say(r.BELOW_THRESHOLD, score=top.score, threshold=threshold, reason=top.reason),
        )
    if top.rule.startswith("iban") and any(
        c.rule.startswith("number") and not set(c.invoice_ids) <= set(top.invoice_ids)
        for c in candidates[1:]
    ):
        return Decision(
            entry.number,
            "review",
            tuple(candidates),
            None,
            say(r.AMOUNT_AGAINST_TEXT, invoices=_numbers(book, top.invoice_ids)),
        )
    return Decision(entry.number, "apply", tuple(candidates), top, top.reason, top.unallocated)


def match_entries(
    entries: Iterable[Entry], book: Book, threshold: int = THRESHOLD
) -> list[Decision]:
    """Decide every line in order; what an applied line pays is no longer open for the next."""
    remaining: dict[int, Decimal] = {}
    decisions = []
    with collector_paused():
        for entry in entries:
            decision = match_entry(entry, book, threshold, remaining)
            if decision.action == "apply" and decision.chosen is not None:
                chosen = decision.chosen
                for i, paid in zip(chosen.invoice_ids, chosen.amounts, strict=True):
                    remaining[i] = _open(book, i, remaining) - paid
            decisions.append(decision)
    return decisions
