"""Import customers, invoices (with credit notes) and payments from CSV files, all or nothing.

`import_customers`, `import_invoices` and `import_payments` (or `import_file` by kind) read
the file with `innen.formats.ledger_csv`, check every line against the database, and
write only when no line has a problem, in one transaction. A row that already exists with
the same data is counted as unchanged, with different data it is an error: an import never
overwrites. `dry_run` does all of it, writes included, and rolls back, so it finds every
problem a real import would.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction

from innen.formats.amounts import format_amount
from innen.formats.errors import LineError
from innen.formats.ledger_csv import (
    INVOICE,
    CustomerRow,
    InvoiceRow,
    Parsed,
    PaymentRow,
    read_customers,
    read_invoices,
    read_payments,
)
from innen.identifiers import clean_dutch_postcode
from innen.ledger import events, services
from innen.ledger.models import (
    CreditNote,
    Customer,
    CustomerIban,
    CustomerKind,
    Invoice,
    Payment,
)
from innen.organisations.models import Organisation

KINDS = ("customers", "invoices", "payments")
# Rows per IN (...) lookup and per INSERT: well below SQLite's limit on query parameters.
CHUNK = 1000

M = TypeVar("M", bound=models.Model)


class Progress(Protocol):
    """Told how far an import is; the command line shows it as a progress bar."""

    def start(self, stage: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...


class NoProgress:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or, when `errors` is not empty, why it did nothing."""

    kind: str
    dry_run: bool
    lines: int
    created: int = 0
    unchanged: int = 0
    credit_notes_created: int = 0
    ibans_added: int = 0
    errors: tuple[LineError, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "lines": self.lines,
            "created": self.created,
            "unchanged": self.unchanged,
            "credit_notes_created": self.credit_notes_created,
            "ibans_added": self.ibans_added,
            "ignored_columns": list(self.ignored_columns),
            "errors": [
                {"line": e.line, "column": e.column, "message": e.message} for e in self.errors
            ],
        }


@dataclass
class _Plan:
    """What the check against the database decided: the errors, or what to write."""

    errors: list[LineError] = field(default_factory=list)
    unchanged: int = 0
    write: Callable[[], dict[str, int]] = lambda: {}


def import_file(
    *,
    kind: str,
    organisation: Organisation,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import `data` as a file of `kind` (one of KINDS)."""
    importers = {
        "customers": import_customers,
        "invoices": import_invoices,
        "payments": import_payments,
    }
    if kind not in importers:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    return importers[kind](organisation=organisation, data=data, dry_run=dry_run, progress=progress)


def import_customers(
    *,
    organisation: Organisation,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    parsed = read_customers(data, check_email=_check_email)
    return _run("customers", parsed, _plan_customers, organisation, dry_run, progress)


def import_invoices(
    *,
    organisation: Organisation,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    parsed = read_invoices(data)
    return _run("invoices", parsed, _plan_invoices, organisation, dry_run, progress)


def import_payments(
    *,
    organisation: Organisation,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    parsed = read_payments(data)
    return _run("payments", parsed, _plan_payments, organisation, dry_run, progress)


def _check_email(address: str) -> None:
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValueError(f'"{address}" is not a valid e-mail address') from exc


def _run(
    kind: str,
    parsed: Parsed[Any],
    plan_for: Callable[[Organisation, Parsed[Any], Progress], _Plan],
    organisation: Organisation,
    dry_run: bool,
    progress: Progress | None,
) -> ImportReport:
    """Check, and write only when every line is fine; roll back on a dry run or a late error."""
    progress = progress or NoProgress()
    report = ImportReport(
        kind=kind, dry_run=dry_run, lines=parsed.lines, ignored_columns=parsed.ignored
    )
    with transaction.atomic():
        # The plan reads inside the transaction so that the writes see what it saw.
        plan = plan_for(organisation, parsed, progress)
        errors = sorted([*parsed.errors, *plan.errors])
        if errors:
            return replace(report, errors=tuple(errors))
        try:
            with transaction.atomic():
                counts = plan.write()
        except _WriteError as exc:
            transaction.set_rollback(True)
            return replace(report, errors=(exc.error,))
        except IntegrityError as exc:
            transaction.set_rollback(True)
            message = f"another change to the ledger got in the way; try again ({exc})"
            return replace(report, errors=(LineError(1, "", message),))
        if dry_run:
            transaction.set_rollback(True)
    return replace(
        report,
        unchanged=plan.unchanged,
        created=counts.get("created", 0),
        credit_notes_created=counts.get("credit_notes_created", 0),
        ibans_added=counts.get("ibans_added", 0),
    )


class _WriteError(Exception):
    """A service refused a row while writing: the whole import is rolled back."""

    def __init__(self, error: LineError) -> None:
        super().__init__(str(error))
        self.error = error


def _refused(line: int, exc: ValidationError) -> _WriteError:
    return _WriteError(LineError(line, "", "; ".join(exc.messages)))


# Looking up -----------------------------------------------------------------------------


def _by_key(queryset: models.QuerySet[M], key: str, values: Iterable[str]) -> dict[str, M]:
    """Return the rows of `queryset` whose `key` is in `values`, by that key, in chunks."""
    wanted = sorted({value for value in values if value})
    found: dict[str, M] = {}
    for start in range(0, len(wanted), CHUNK):
        for row in queryset.filter(**{f"{key}__in": wanted[start : start + CHUNK]}):
            found[getattr(row, key)] = row
    return found


def _model_errors(
    instance: models.Model, line: int, parsed: Parsed[Any], exclude: Sequence[str]
) -> list[LineError]:
    """Check `instance` with the model's own field validators and `clean`, without queries.

    Uniqueness is decided by the plan (one query for all rows) rather than per row.
    """
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return [
            LineError(line, parsed.column(name) if name != "__all__" else "", message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def _differences(
    line: int, what: str, parsed: Parsed[Any], pairs: Iterable[tuple[str, object, object]]
) -> list[LineError]:
    """Return an error for each (field, in the database, on the line) pair that differs."""
    return [
        LineError(
            line,
            parsed.column(name),
            f"{what} already exists with {_label(name)} {_shown(stored)}; "
            f"this line says {_shown(given)}",
        )
        for name, stored, given in pairs
        if stored != given
    ]


def _label(name: str) -> str:
    return name.replace("_", " ").replace("vat", "VAT").replace("excl", "excl.")


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    return f'"{value}"' if value else "(empty)"


# Customers ------------------------------------------------------------------------------

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


def _plan_customers(
    organisation: Organisation, parsed: Parsed[CustomerRow], progress: Progress
) -> _Plan:
    plan = _Plan()
    customers = Customer.objects.filter(organisation=organisation)
    existing = _by_key(customers, "number", (row.number for row in parsed.rows))
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
            plan.errors += _model_errors(customer, row.line, parsed, ["organisation"])
            new.append((row, customer))
            ibans += [(row.number, iban) for iban in row.ibans]
            continue
        what = f'customer "{row.number}"'
        pairs = [(n, _stored(found, n), v) for n, v in _customer_fields(row).items()]
        errors = _differences(row.line, what, parsed, pairs)
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
        Customer.objects.bulk_create([customer for _, customer in new[start : start + CHUNK]])
        progress.advance(len(new[start : start + CHUNK]))
    customers = Customer.objects.filter(organisation=organisation)
    ids = {n: c.pk for n, c in _by_key(customers, "number", (n for n, _ in ibans)).items()}
    rows = [
        CustomerIban(organisation=organisation, customer_id=ids[number], iban=iban)
        for number, iban in dict.fromkeys(ibans)
    ]
    CustomerIban.objects.bulk_create(rows, batch_size=CHUNK)
    return {"created": len(new), "ibans_added": len(rows)}


# Invoices and credit notes --------------------------------------------------------------


@dataclass
class _InvoiceWork:
    """What the invoice plan decided to write."""

    invoices: list[Invoice] = field(default_factory=list)
    notes: list[tuple[InvoiceRow, CreditNote]] = field(default_factory=list)


def _plan_invoices(
    organisation: Organisation, parsed: Parsed[InvoiceRow], progress: Progress
) -> _Plan:
    plan = _Plan()
    rows = parsed.rows
    customers = _customers(organisation, parsed, plan)
    invoices = _by_key(
        Invoice.objects.filter(organisation=organisation).select_related("customer"),
        "number",
        [row.number for row in rows if row.kind == INVOICE]
        + [row.credited_invoice for row in rows],
    )
    notes = _by_key(
        CreditNote.objects.filter(organisation=organisation).select_related("customer", "invoice"),
        "number",
        (row.number for row in rows if row.kind != INVOICE),
    )
    # The customer of every invoice a credit note may name: in the database or in this file.
    invoice_customers = {number: inv.customer.number for number, inv in invoices.items()}
    invoice_customers.update({r.number: r.customer_number for r in rows if r.kind == INVOICE})
    work = _InvoiceWork()
    progress.start("checking", len(rows))
    for row in rows:
        progress.advance()
        customer = customers.get(row.customer_number)
        if customer is None:
            plan.errors.append(_unknown_customer(row.line, row.customer_number, parsed))
        elif row.kind == INVOICE:
            _plan_invoice(plan, work, row, customer, invoices.get(row.number), parsed)
        else:
            _plan_credit_note(
                plan, work, row, customer, notes.get(row.number), invoice_customers, parsed
            )
    plan.write = lambda: _write_invoices(organisation, work, progress)
    return plan


def _customers(organisation: Organisation, parsed: Parsed[Any], plan: _Plan) -> dict[str, Customer]:
    """Return the customers the rows name by number; report unknown ones of the failed lines.

    (The good rows' unknown customers are reported where the row is planned.)
    """
    failed = {
        record.line: record.cells.get("customer_number", "")
        for record in parsed.failed
        if record.cells.get("customer_number")
    }
    numbers = [row.customer_number for row in parsed.rows] + list(failed.values())
    customers = _by_key(Customer.objects.filter(organisation=organisation), "number", numbers)
    plan.errors += [
        _unknown_customer(line, number, parsed)
        for line, number in failed.items()
        if number not in customers
    ]
    return customers


def _unknown_customer(line: int, number: str, parsed: Parsed[Any]) -> LineError:
    message = f'no customer with number "{number}"; import the customers first'
    return LineError(line, parsed.column("customer_number"), message)


def _amount_pairs(row: InvoiceRow, stored: Invoice | CreditNote) -> list[tuple[str, Any, Any]]:
    return [
        ("customer_number", stored.customer.number, row.customer_number),
        ("issue_date", stored.issue_date, row.issue_date),
        ("amount_excl_vat", stored.amount_excl_vat, row.amount_excl_vat),
        ("vat_amount", stored.vat_amount, row.vat_amount),
        ("total", stored.total, row.total),
    ]


def _given_pairs(row: InvoiceRow, stored: models.Model, names: Sequence[str]) -> list[Any]:
    """Pairs for the optional text columns: compared only when the line gives them."""
    return [(n, getattr(stored, n), getattr(row, n)) for n in names if getattr(row, n)]


def _plan_invoice(
    plan: _Plan,
    work: _InvoiceWork,
    row: InvoiceRow,
    customer: Customer,
    stored: Invoice | None,
    parsed: Parsed[InvoiceRow],
) -> None:
    if stored is not None:
        pairs = [*_amount_pairs(row, stored), ("due_date", stored.due_date, row.due_date)]
        pairs += _given_pairs(row, stored, ("payment_reference", "external_reference"))
        errors = _differences(row.line, f'invoice "{row.number}"', parsed, pairs)
        plan.errors += errors
        plan.unchanged += not errors
        return
    assert row.due_date is not None  # the reader requires a due date on every invoice
    invoice = Invoice(
        organisation_id=customer.organisation_id,
        customer=customer,
        number=row.number,
        issue_date=row.issue_date,
        due_date=row.due_date,
        amount_excl_vat=row.amount_excl_vat,
        vat_amount=row.vat_amount,
        total=row.total,
        payment_reference=row.payment_reference,
        external_reference=row.external_reference,
    )
    plan.errors += _model_errors(invoice, row.line, parsed, ["organisation", "customer"])
    work.invoices.append(invoice)


def _plan_credit_note(
    plan: _Plan,
    work: _InvoiceWork,
    row: InvoiceRow,
    customer: Customer,
    stored: CreditNote | None,
    invoice_customers: Mapping[str, str],
    parsed: Parsed[InvoiceRow],
) -> None:
    if stored is not None:
        pairs = _amount_pairs(row, stored) + _given_pairs(row, stored, ("external_reference",))
        if row.credited_invoice:
            credited = stored.invoice.number if stored.invoice else ""
            pairs.append(("credited_invoice", credited, row.credited_invoice))
        errors = _differences(row.line, f'credit note "{row.number}"', parsed, pairs)
        plan.errors += errors
        plan.unchanged += not errors
        return
    column = parsed.column("credited_invoice")
    credited_customer = invoice_customers.get(row.credited_invoice)
    if row.credited_invoice and credited_customer is None:
        plan.errors.append(LineError(row.line, column, f'no invoice "{row.credited_invoice}"'))
    elif row.credited_invoice and credited_customer != row.customer_number:
        message = (
            f'invoice "{row.credited_invoice}" is of customer "{credited_customer}", '
            f'not of "{row.customer_number}"'
        )
        plan.errors.append(LineError(row.line, column, message))
    note = CreditNote(
        organisation_id=customer.organisation_id,
        customer=customer,
        number=row.number,
        issue_date=row.issue_date,
        amount_excl_vat=row.amount_excl_vat,
        vat_amount=row.vat_amount,
        total=row.total,
        external_reference=row.external_reference,
    )
    plan.errors += _model_errors(note, row.line, parsed, ["organisation", "customer", "invoice"])
    work.notes.append((row, note))


def _write_invoices(
    organisation: Organisation, work: _InvoiceWork, progress: Progress
) -> dict[str, int]:
    progress.start("writing", len(work.invoices) + len(work.notes))
    for start in range(0, len(work.invoices), CHUNK):
        chunk = work.invoices[start : start + CHUNK]
        Invoice.objects.bulk_create(chunk)
        events.record(organisation.pk, (events.invoice_event(i, "import") for i in chunk))
        progress.advance(len(chunk))
    plain = [note for row, note in work.notes if not row.credited_invoice]
    CreditNote.objects.bulk_create(plain, batch_size=CHUNK)
    events.record(organisation.pk, (events.credit_note_event(n, "import") for n in plain))
    progress.advance(len(plain))
    # A credit note that names an invoice settles it: the service makes that allocation.
    crediting = [(row, note) for row, note in work.notes if row.credited_invoice]
    credited = _by_key(
        Invoice.objects.filter(organisation=organisation),
        "number",
        (row.credited_invoice for row, _ in crediting),
    )
    for row, note in crediting:
        try:
            services.credit_note_create(
                organisation=organisation,
                customer=note.customer,
                invoice=credited[row.credited_invoice],
                number=note.number,
                issue_date=note.issue_date,
                amount_excl_vat=note.amount_excl_vat,
                vat_amount=note.vat_amount,
                total=note.total,
                external_reference=note.external_reference,
                source="import",
            )
        except ValidationError as exc:
            raise _refused(row.line, exc) from exc
        progress.advance()
    return {
        "created": len(work.invoices) + len(work.notes),
        "credit_notes_created": len(work.notes),
    }


# Payments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _NewPayment:
    row: PaymentRow
    customer: Customer | None
    designated: tuple[Invoice, ...]


def _plan_payments(
    organisation: Organisation, parsed: Parsed[PaymentRow], progress: Progress
) -> _Plan:
    plan = _Plan()
    rows = parsed.rows
    customers = _customers(organisation, parsed, plan)
    invoices = _by_key(
        Invoice.objects.filter(organisation=organisation).select_related("customer"),
        "number",
        (number for row in rows for number in row.invoice_numbers),
    )
    existing = _by_key(
        Payment.objects.filter(organisation=organisation).select_related("customer"),
        "external_reference",
        (row.external_reference for row in rows),
    )
    by_iban = _customers_by_iban(organisation, rows)
    new: list[_NewPayment] = []
    progress.start("checking", len(rows))
    for row in rows:
        progress.advance()
        errors, customer, designated = _payer(row, customers, invoices, by_iban, parsed)
        stored = existing.get(row.external_reference)
        if not errors and stored is not None:
            errors = _payment_differences(row, stored, customer, parsed)
            plan.unchanged += not errors
        elif not errors:
            payment = _payment(organisation, row, customer)
            errors = _model_errors(payment, row.line, parsed, ["organisation", "customer"])
            new.append(_NewPayment(row, customer, designated))
        plan.errors += errors
    plan.write = lambda: _write_payments(organisation, new, progress)
    return plan


def _customers_by_iban(organisation: Organisation, rows: Sequence[PaymentRow]) -> dict[str, Any]:
    """Return the customer of each payer IBAN that is known for exactly one customer."""
    ibans = {row.payer_iban for row in rows if row.payer_iban}
    owners: dict[str, set[int]] = {}
    wanted = sorted(ibans)
    for start in range(0, len(wanted), CHUNK):
        known = CustomerIban.objects.filter(
            organisation=organisation, iban__in=wanted[start : start + CHUNK]
        ).values_list("iban", "customer_id")
        for iban, customer_id in known:
            owners.setdefault(iban, set()).add(customer_id)
    unique = {iban: ids.pop() for iban, ids in owners.items() if len(ids) == 1}
    found = Customer.objects.in_bulk(list(unique.values()))
    return {iban: found[pk] for iban, pk in unique.items()}


def _payer(
    row: PaymentRow,
    customers: Mapping[str, Customer],
    invoices: Mapping[str, Invoice],
    by_iban: Mapping[str, Customer],
    parsed: Parsed[PaymentRow],
) -> tuple[list[LineError], Customer | None, tuple[Invoice, ...]]:
    """Return (errors, customer, designated invoices) of a payment line.

    The customer is the one the line names, else the one of the invoices it names, else the
    only customer known to pay from the payer's IBAN, else nobody (an unmatched payment).
    """
    errors: list[LineError] = []
    customer = customers.get(row.customer_number)
    if row.customer_number and customer is None:
        errors.append(_unknown_customer(row.line, row.customer_number, parsed))
    column = parsed.column("invoice_numbers")
    designated = []
    for number in row.invoice_numbers:
        invoice = invoices.get(number)
        if invoice is None:
            errors.append(LineError(row.line, column, f'no invoice "{number}"'))
            continue
        customer = customer or invoice.customer
        if invoice.customer_id != customer.pk:
            message = (
                f'invoice "{number}" is of customer "{invoice.customer.number}", '
                f'not of "{customer.number}"'
            )
            errors.append(LineError(row.line, column, message))
        designated.append(invoice)
    if customer is None and not row.customer_number:
        customer = by_iban.get(row.payer_iban)
    return errors, customer, tuple(designated)


def _payment_differences(
    row: PaymentRow, stored: Payment, customer: Customer | None, parsed: Parsed[PaymentRow]
) -> list[LineError]:
    what = f'payment "{row.external_reference}"' if row.reference_given else "this payment"
    pairs: list[tuple[str, object, object]] = [
        ("date", stored.date, row.date),
        ("amount", stored.amount, row.amount),
    ]
    if customer is not None and stored.customer is not None:
        pairs.append(("customer_number", stored.customer.number, customer.number))
    return _differences(row.line, what, parsed, pairs)


def _write_payments(
    organisation: Organisation, new: list[_NewPayment], progress: Progress
) -> dict[str, int]:
    # In date order, so that each payment pays what was open on its day, oldest due first.
    progress.start("writing", len(new))
    ordered = sorted(new, key=lambda item: (item.row.date, item.row.line))
    customers = [item for item in ordered if item.customer is not None]
    try:
        services.payments_register(
            organisation=organisation,
            payments=[
                services.NewPayment(_payment(organisation, i.row, i.customer), _ids(i))
                for i in customers
            ],
            source="import",
        )
    except ValidationError as exc:
        # The lot was refused as a whole; one by one, the payment refused names its line.
        for item in customers:
            _register(organisation, item)
        raise _refused(customers[0].row.line, exc) from exc
    progress.advance(len(customers))
    for item in ordered:
        if item.customer is None:  # pays no invoice: nothing in the lot depends on it
            _register(organisation, item)
            progress.advance()
    return {"created": len(new)}


def _payment(organisation: Organisation, row: PaymentRow, customer: Customer | None) -> Payment:
    return Payment(
        organisation=organisation,
        customer=customer,
        date=row.date,
        amount=row.amount,
        **_described(row),
    )


def _described(row: PaymentRow) -> dict[str, str]:
    """What a payment line says of itself, beyond its date and amount."""
    return {
        "payer_name": row.payer_name,
        "payer_iban": row.payer_iban,
        "description": row.description,
        "external_reference": row.external_reference,
    }


def _ids(item: _NewPayment) -> tuple[int, ...]:
    return tuple(invoice.pk for invoice in item.designated)


def _register(organisation: Organisation, item: _NewPayment) -> None:
    """Register one payment as the ledger does; refused, it names the line."""
    row = item.row
    try:
        services.payment_register(
            organisation=organisation,
            customer=item.customer,
            date=row.date,
            amount=row.amount,
            designated=list(item.designated),
            source="import",
            **_described(row),
        )
    except ValidationError as exc:
        raise _refused(row.line, exc) from exc
