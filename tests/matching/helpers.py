from datetime import date
from decimal import Decimal

from innen.formats.statement import Entry
from innen.law.references import make_payment_reference
from innen.matching.book import Book, KnownCustomer, OpenInvoice

ACME_IBAN = "NL91ABNA0417164300"
BAKKER_IBAN = "NL20INGB0001234567"
STRANGER_IBAN = "NL02RABO0123456789"


def invoice(id, customer_id, number, amount, due=date(2026, 3, 1), reference=None):
    return OpenInvoice(
        id=id,
        customer_id=customer_id,
        number=number,
        payment_reference=reference if reference is not None else make_payment_reference(id),
        open_amount=Decimal(amount),
        due_date=due,
    )


def entry(amount, **fields):
    return Entry(date(2026, 11, 2), date(2026, 11, 2), Decimal(amount), **fields)


CUSTOMERS = [
    KnownCustomer(1, "Acme Installatietechniek B.V.", (ACME_IBAN,)),
    KnownCustomer(2, "Bakkerij Jansen V.O.F.", (BAKKER_IBAN,)),
]

INVOICES = [
    invoice(1, 1, "F2026-00042", "121.00", date(2026, 2, 1)),
    invoice(2, 1, "F2026-00043", "250.00", date(2026, 3, 1)),
    invoice(3, 1, "F2026-00107", "80.50", date(2026, 4, 1)),
    invoice(4, 2, "F2026-00200", "999.99"),
    invoice(5, 2, "F2026-00317", "45.00"),
]


def book(invoices=INVOICES, customers=CUSTOMERS, **kw):
    return Book(invoices, customers, **kw)
