"""A generated, realistic set of open invoices and bank statement lines, with the truth.

Deterministic for a seed. Customers (businesses and consumers, Dutch names, one or two
accounts), open invoices numbered "F2026-00042" or "2026-0042" with a 16-digit
betalingskenmerk, and statement lines of every kind the matcher meets: exact references,
numbers in noisy descriptions, typos, combined, partial and over-payments, payments from
unknown accounts, money that has nothing to do with any invoice, stornos and refunds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from innen.formats.statement import Entry
from innen.law.references import make_payment_reference
from innen.matching.book import Book, KnownCustomer, OpenInvoice, number_keys

FIRST = [
    "Jan",
    "Piet",
    "Kees",
    "Henk",
    "Anna",
    "Sanne",
    "Lotte",
    "Emma",
    "Daan",
    "Sem",
    "Lucas",
    "Noah",
    "Julia",
    "Mila",
    "Tess",
    "Fleur",
    "Bram",
    "Ruud",
    "Wim",
    "Ingrid",
    "Marieke",
    "Joost",
    "Bas",
    "Femke",
    "Eva",
    "Thijs",
    "Jeroen",
    "Mirjam",
    "Willem",
    "Sophie",
    "Anouk",
    "Koen",
]
LAST = [
    "de Vries",
    "Jansen",
    "de Jong",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "van de Ven",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "van Dam",
    "van der Wal",
    "Prins",
    "Blom",
    "Huisman",
    "Peeters",
]
TRADE = [
    "Bakkerij",
    "Installatietechniek",
    "Schilderwerken",
    "Transport",
    "Hoveniers",
    "Administratiekantoor",
    "Bouwbedrijf",
    "Autoschade",
    "Kapsalon",
    "Tandartspraktijk",
    "Loodgieters",
    "Drukkerij",
    "Catering",
    "ICT",
]
PLACES = [
    "Utrecht",
    "Zwolle",
    "Delft",
    "Haarlem",
    "Breda",
    "Assen",
    "Venlo",
    "Gouda",
    "Leiden",
    "Tilburg",
]
FORMS = ("B.V.", "BV", "V.O.F.", "", "Holding B.V.")
BANKS = ("INGB", "RABO", "ABNA", "SNSB", "TRIO", "KNAB", "BUNQ", "ASNB")
UNRELATED = (
    "Salaris {m} 2026",
    "Teruggave belasting {y} aanslag {n}",
    "Rente {m}",
    "Terugbetaling retour bestelling {n}",
    "Huur garagebox {m}",
    "Storting eigen rekening",
    "Tikkie {n} etentje",
    "Zorgtoeslag {m} {y}",
    "Dividend {y}",
    "",
)
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
]


def make_iban(rng: random.Random) -> str:
    bank = rng.choice(BANKS)
    account = f"{rng.randrange(10**9, 10**10)}"
    digits = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    return f"NL{98 - int(digits) % 97:02d}{bank}{account}"


def _name(rng: random.Random) -> tuple[str, str]:
    """The name in the ledger and how the bank shows the account holder."""
    last = rng.choice(LAST)
    if rng.random() < 0.5:
        first = rng.choice(FIRST)
        return f"{first} {last}", rng.choice([f"{first[0]}. {last}", f"{first} {last}"])
    trade = rng.choice(TRADE)
    form = rng.choice(FORMS)
    place = rng.choice(PLACES)
    base = rng.choice([f"{trade} {last}", f"{last} {trade}", f"{trade} {place} {last}"])
    return f"{base} {form}".strip(), base.upper() if rng.random() < 0.5 else f"{base} {form}"


@dataclass(frozen=True)
class Generated:
    book: Book
    entries: list[Entry]
    truth: list[tuple[int, ...]]  # per entry: the invoice ids it pays (or re-opens); () none
    kinds: list[str]


def _typo(rng: random.Random, digits: str) -> str:
    p = rng.randrange(len(digits))
    kind = rng.choice(("sub", "swap", "del", "ins"))
    if kind == "swap" and p + 1 < len(digits) and digits[p] != digits[p + 1]:
        return digits[:p] + digits[p + 1] + digits[p] + digits[p + 2 :]
    if kind == "del" and len(digits) > 1:
        return digits[:p] + digits[p + 1 :]
    if kind == "ins":
        return digits[:p] + rng.choice("123456789") + digits[p:]
    return digits[:p] + rng.choice([d for d in "0123456789" if d != digits[p]]) + digits[p + 1 :]


def generate(
    customers: int = 1_000,
    invoices: int = 10_000,
    entries: int = 5_000,
    seed: int = 2026,
    number_style: str = "F2026-00042",
) -> Generated:
    # Long because: the random draws come in one fixed order, so a seed gives the same data.
    rng = random.Random(seed)
    known: list[KnownCustomer] = []
    bank_names: dict[int, str] = {}
    for cid in range(1, customers + 1):
        name, bank_name = _name(rng)
        ibans = tuple(make_iban(rng) for _ in range(1 if rng.random() < 0.8 else 2))
        known.append(KnownCustomer(cid, name, ibans))
        bank_names[cid] = bank_name

    # Invoice numbers: open invoices are a sparse subset of all numbers ever issued.
    issued = invoices * 3
    years = max(1, -(-issued // 90_000))
    sequence = rng.sample(range(issued), invoices + invoices // 10)
    open_invoices: list[OpenInvoice] = []
    settled: list[OpenInvoice] = []
    e2e: dict[str, tuple[int, ...]] = {}
    start = date(2026, 1, 1)
    for n, s in enumerate(sequence, start=1):
        year, seq = 2026 - years + 1 + s // 90_000, s % 90_000 + 1
        number = f"{year}-{seq:05d}" if number_style == "2026-0042" else f"F{year}-{seq:05d}"
        cents = rng.choice([rng.randrange(1_000, 50_000), rng.randrange(5_000, 500_000)])
        inv = OpenInvoice(
            id=n,
            customer_id=rng.randrange(1, customers + 1),
            number=number,
            payment_reference=make_payment_reference(f"{year % 100:02d}{seq:07d}{n % 1000:03d}"),
            open_amount=Decimal(cents) / 100,
            due_date=start + timedelta(days=rng.randrange(0, 330)),
        )
        if n <= invoices:
            open_invoices.append(inv)
        else:
            settled.append(inv)
            e2e[f"INNEN-DD-{inv.id}"] = (inv.id,)
    book = Book(open_invoices, known, settled=settled, end_to_end_ids=e2e)
    existing = {number_keys(inv.number)[0] for inv in open_invoices + settled}

    by_customer: dict[int, list[OpenInvoice]] = {}
    for inv in open_invoices:
        by_customer.setdefault(inv.customer_id, []).append(inv)
    customer = {c.id: c for c in known}
    # Each invoice is paid at most once here, so the truth is one reading per line.
    unpaid = list(open_invoices)
    rng.shuffle(unpaid)

    paid: set[int] = set()

    def take() -> OpenInvoice | None:
        while unpaid:
            inv = unpaid.pop()
            if inv.id not in paid:
                paid.add(inv.id)
                return inv
        return None

    def show(number: str) -> str:
        groups = number.lstrip("F").split("-")
        year, seq = groups[0], groups[-1]
        return rng.choice(
            [
                number,
                f"factuur {year}/{int(seq)}",
                f"fact nr. {number} dank u",
                f"Factuurnummer: {number}",
                f"inv {year}-{seq.lstrip('0')}",
                f"betaling factuur {year} - {seq}",
                f"{number} {rng.choice(MONTHS)}",
                f"FACTUUR {year}{seq}",
            ]
        )

    kinds_weights = [
        ("reference", 32),
        ("number", 20),
        ("typo", 4),
        ("iban-amount", 12),
        ("combined-iban", 4),
        ("combined-numbers", 3),
        ("partial", 4),
        ("over", 3),
        ("name-only", 2),
        ("unrelated", 10),
        ("storno", 3),
        ("refund", 3),
    ]
    kinds = [k for k, _ in kinds_weights]
    weights = [w for _, w in kinds_weights]
    out: list[Entry] = []
    truth: list[tuple[int, ...]] = []
    labels: list[str] = []
    settled_left = list(settled)
    for line in range(1, entries + 1):
        kind = rng.choices(kinds, weights)[0]
        day = start + timedelta(days=rng.randrange(0, 330))
        entry: Entry
        inv_or_none = take() if kind in ("reference", "number", "typo", "partial", "over") else None
        if inv_or_none is not None:
            inv = inv_or_none
            cust = customer[inv.customer_id]
            iban = rng.choice(cust.ibans) if rng.random() < 0.7 else make_iban(rng)
            amount = inv.open_amount
            if kind == "partial":
                amount = (amount * Decimal(rng.choice(("0.25", "0.5", "0.6")))).quantize(
                    Decimal("0.01")
                )
            elif kind == "over":
                amount += Decimal(rng.randrange(1, 5_000)) / 100
            ref, text = "", ""
            if kind == "reference" or (kind in ("partial", "over") and rng.random() < 0.5):
                ref = inv.payment_reference
                text = rng.choice(("", "betaling", cust.name))
            elif kind == "typo":
                digits = "".join(number_keys(inv.number)[0].split("-"))
                prefix = inv.number.lstrip("F")[:4]
                # A typo that makes another existing number is that number to anyone: the
                # truth could not say otherwise, so the set holds only readable typos.
                wrong = prefix + "-" + _typo(rng, digits[4:])
                while number_keys(wrong)[0] in existing:
                    wrong = prefix + "-" + _typo(rng, digits[4:])
                text = f"factuur {wrong}"
            else:
                text = show(inv.number)
            entry = Entry(
                day,
                day,
                amount,
                counterparty_iban=iban,
                counterparty_name=bank_names[cust.id],
                structured_reference=ref,
                remittance=text,
                end_to_end_id=rng.choice(("NOTPROVIDED", f"E2E{line}")),
                number=line,
            )
            out.append(entry)
            truth.append((inv.id,))
        elif kind in ("iban-amount", "combined-iban", "combined-numbers", "name-only"):
            cid = rng.randrange(1, customers + 1)
            mine = [i for i in by_customer.get(cid, []) if i.id not in paid]
            want = 1 if kind in ("iban-amount", "name-only") else rng.choice((2, 3))
            if len(mine) < want:
                out.append(_unrelated(rng, day, line))
                truth.append(())
                labels.append("unrelated")
                continue
            chosen = rng.sample(mine, want)
            paid.update(inv.id for inv in chosen)
            cust = customer[cid]
            amount = sum((inv.open_amount for inv in chosen), Decimal("0.00"))
            text = rng.choice(("", "betaling", "zie factuur", "termijn"))
            iban = rng.choice(cust.ibans)
            if kind == "combined-numbers":
                text = "facturen " + ", ".join(inv.number for inv in chosen)
                iban = iban if rng.random() < 0.5 else make_iban(rng)
            if kind == "name-only":
                iban = make_iban(rng)
            entry = Entry(
                day,
                day,
                amount,
                counterparty_iban=iban,
                counterparty_name=bank_names[cid],
                remittance=text,
                number=line,
            )
            out.append(entry)
            truth.append(tuple(sorted(inv.id for inv in chosen)))
        elif kind == "storno" and settled_left:
            inv = settled_left.pop()
            by_e2e = rng.random() < 0.6
            entry = Entry(
                day,
                day,
                -inv.open_amount,
                counterparty_iban=rng.choice(customer[inv.customer_id].ibans),
                counterparty_name=bank_names[inv.customer_id],
                structured_reference="" if by_e2e else inv.payment_reference,
                remittance="Storno incasso",
                end_to_end_id=f"INNEN-DD-{inv.id}" if by_e2e else "",
                is_return=True,
                return_reason=rng.choice(("MD06", "AC04", "MS02")),
                number=line,
            )
            out.append(entry)
            truth.append((inv.id,))
        elif kind == "refund":
            cid = rng.randrange(1, customers + 1)
            entry = Entry(
                day,
                day,
                -Decimal(rng.randrange(500, 20_000)) / 100,
                counterparty_iban=rng.choice(customer[cid].ibans),
                counterparty_name=bank_names[cid],
                remittance="Terugbetaling creditsaldo",
                number=line,
            )
            out.append(entry)
            truth.append(())
        else:
            kind = "unrelated"
            out.append(_unrelated(rng, day, line))
            truth.append(())
        labels.append(kind)
    return Generated(book, out, truth, labels)


def _unrelated(rng: random.Random, day: date, number: int) -> Entry:
    text = rng.choice(UNRELATED).format(
        m=rng.choice(MONTHS), y=rng.randrange(2020, 2027), n=rng.randrange(10, 10**7)
    )
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return Entry(
        day,
        day,
        Decimal(rng.randrange(100, 400_000)) / 100,
        counterparty_iban=make_iban(rng),
        counterparty_name=rng.choice((f"{first} {last}", "Belastingdienst", "Werkgever BV")),
        remittance=text,
        number=number,
    )
