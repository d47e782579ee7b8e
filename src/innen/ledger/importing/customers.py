"""Checking and writing a file of customers (and their IBANs)."""

from innen.dossier.record import SYSTEM
from innen.formats.ledger_csv import (
    CustomerRow,
    Parsed,
)
from innen.identifiers import clean_dutch_postcode
from innen.ledger import events
from innen.ledger.importing import refusals
from innen.ledger.importing.checks import (
    CHUNK,
    ImportPlan,
    Progress,
    by_key,
    differences,
    model_errors,
)
from innen.ledger.models import (
    Customer,
    CustomerIban,
    CustomerKind,
)
from innen.organisations.models import Organisation

# Columns whose empty cell means "not given": the default applies, and a re-import of an
# existing customer does not compare them.
_CUSTOMER_TEXT = (
    "name",
    "kind",
    "contact_person",
    "emails",
    "phone",
    "street",
    "postcode",
    "city",
    "country",
    "kvk_number",
    "vat_number",
    "language",
    "segment",
    "notes",
    "external_reference",
)


def _customer_fields(row: CustomerRow) -> dict[str, str]:
    return {name: getattr(row, name) for name in _CUSTOMER_TEXT if getattr(row, name)}


def plan_customers(
    organisation: Organisation, parsed: Parsed[CustomerRow], progress: Progress
) -> ImportPlan:
    plan = ImportPlan()
    customers = Customer.objects.filter(organisation=organisation)
    existing = by_key(customers, "number", (row.number for row in parsed.rows))
    known_ibans = set(
        CustomerIban.objects.filter(customer__in=existing.values()).values_list(
            "customer_id", "iban"
        )
    )
    new: list[tuple[CustomerRow, Customer]] = []
    ibans: list[tuple[str, str]] = []  # (customer number, IBAN) to add
    progress.start("checking", len(parsed.rows))
    for row in parsed.rows:
        progress.advance()
        found = existing.get(row.number)
        if found is None:
            customer = Customer(organisation=organisation, number=row.number)
            for name, value in _customer_fields(row).items():
                setattr(customer, name, value)
            customer.kind = customer.kind or CustomerKind.BUSINESS
            customer.language = row.language or organisation.default_language
            plan.errors += model_errors(customer, row.line, parsed, ["organisation"])
            new.append((row, customer))
            ibans += [(row.number, iban) for iban in row.ibans]
            continue
        what = refusals.CUSTOMER_NAMED % {"number": row.number}
        pairs = [(n, _stored(found, n), v) for n, v in _customer_fields(row).items()]
        errors = differences(row.line, what, parsed, pairs)
        plan.errors += errors
        plan.unchanged += not errors
        ibans += [(row.number, i) for i in row.ibans if (found.pk, i) not in known_ibans]
    plan.write = lambda: _write_customers(organisation, new, ibans, progress)
    return plan


def _stored(customer: Customer, name: str) -> str:
    """Return a stored field in the form the file reader gives, so equal data compares equal."""
    if name == "emails":
        return ", ".join(customer.email_list)
    if name == "postcode" and customer.country == "NL":
        try:
            return clean_dutch_postcode(customer.postcode)
        except ValueError:
            return customer.postcode
    return str(getattr(customer, name))


def _write_customers(
    organisation: Organisation,
    new: list[tuple[CustomerRow, Customer]],
    ibans: list[tuple[str, str]],
    progress: Progress,
) -> dict[str, int]:
    progress.start("writing", len(new))
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        Customer.objects.bulk_create([customer for _, customer in chunk])
        created = (events.customer_event(c, row.ibans, "import", SYSTEM) for row, c in chunk)
        events.record(organisation.pk, created)
        progress.advance(len(chunk))
    customers = Customer.objects.filter(organisation=organisation)
    ids = {n: c.pk for n, c in by_key(customers, "number", (n for n, _ in ibans)).items()}
    rows = [
        CustomerIban(organisation=organisation, customer_id=ids[number], iban=iban)
        for number, iban in dict.fromkeys(ibans)
    ]
    CustomerIban.objects.bulk_create(rows, batch_size=CHUNK)
    return {"created": len(new), "ibans_added": len(rows)}
