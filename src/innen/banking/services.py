"""Import bank statements, all or nothing and idempotently; register bank accounts.

`statement_import` reads a file with the reader for its format (CAMT.053, MT940, bank CSV),
checks every statement (the balances add up, the amounts fit, no bank reference twice),
finds each statement's account, and adds, in one transaction, the entries its account does
not hold yet. An entry's identity is the bank's own reference where the file has one, else
a fingerprint (`innen.formats.statement.entry_identities`), so the same or an overlapping
statement imported again adds nothing. A file with any problem adds nothing and names the
statement and entry. A dry run does everything but write, and also reads statements of
accounts innen does not know yet, saying that a real import of those is refused and how to
add the account.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from innen.banking import refusals
from innen.banking.models import BankAccount, BankEntry, MatchStatus, StatementImport
from innen.banking.summary import ImportSummary, StatementSummary
from innen.dbcopy import copy_rows
from innen.file_messages import translated, translated_statement_error
from innen.formats.bank_files import read_statement_file
from innen.formats.statement import (
    Entry,
    Notice,
    Statement,
    StatementError,
    StatementFile,
    entry_identities,
)
from innen.identifiers import clean_account, clean_iban, dutch_account_digits
from innen.money import round_cents
from innen.organisations.models import Organisation
from innen.translatable import reason

# Identities per IN (...) lookup and rows per INSERT: below SQLite's limit on parameters.
CHUNK = 1000
# DECIMAL(14, 2): what an amount column holds.
LARGEST_AMOUNT = Decimal("999999999999.99")


@dataclass
class _Plan:
    """One statement ready to write: its account (None when unknown) and its new entries."""

    statement: Statement
    iban: str
    account: BankAccount | None
    new: list[tuple[str, Entry]]
    duplicates: int
    shared: bool = False  # several organisations hold the account: its owner is not known

    def summary(self, *, counted: bool) -> StatementSummary:
        s = self.statement
        return StatementSummary(
            number=s.number,
            account=self.iban,
            statement_id=s.statement_id,
            opening_balance=s.opening_balance,
            closing_balance=s.closing_balance,
            entries=len(s.entries),
            credit_total=s.credit_total,
            debit_total=s.debit_total,
            known_account=self.account is not None,
            imported=len(self.new) if counted else 0,
            duplicates=self.duplicates if counted else 0,
        )


def read_file(data: bytes, name: str) -> StatementFile:
    """The file's statements, read by the reader for its format; StatementError if it can't."""
    return read_statement_file(data, name)


def statement_import(
    *,
    data: bytes,
    name: str,
    organisation: Organisation | None,
    dry_run: bool,
    user: Any = None,
) -> ImportSummary:
    """Import the statements in `data` (a file called `name`) into their bank accounts.

    With `organisation`, every statement must be of one of its accounts; without, each
    statement goes to the organisation that owns its account.
    """
    try:
        parsed = read_file(data, name)
    except StatementError as exc:
        error = translated_statement_error(exc)
        return ImportSummary(file_name=name, dry_run=dry_run, errors=(error,))
    except ValueError as exc:  # e.g. a file in an encoding its reader does not expect
        error = StatementError("", translated(reason(exc)))
        return ImportSummary(file_name=name, dry_run=dry_run, errors=(error,))
    with transaction.atomic():
        plans, errors = _plan(parsed.statements, organisation, lock=not dry_run)
        unknown = [plan for plan in plans if plan.account is None and not plan.shared]
        unknown_refused = [_unknown(plan, organisation) for plan in unknown]
        if not dry_run:
            errors += unknown_refused
        summaries = tuple(plan.summary(counted=not errors) for plan in plans)
        summary = ImportSummary(
            file_name=name,
            dry_run=dry_run,
            format=parsed.format,
            statements=summaries,
            errors=tuple(translated_statement_error(error) for error in errors),
            would_refuse=tuple(translated_statement_error(e) for e in unknown_refused)
            if dry_run
            else (),
            notices=_notices(parsed, plans),
        )
        if errors or dry_run:
            return summary
        ids = _write(plans, parsed.format, name, hashlib.sha256(data).hexdigest(), user)
        matching = _match_new(plans, user)
    return replace(summary, import_ids=ids, matching=matching)


def _notices(parsed: StatementFile, plans: Sequence[_Plan]) -> tuple[Notice, ...]:
    """The reader's notices about the file and each statement's notes, translated."""
    about_file = [Notice(translated(n.where), translated(n.message)) for n in parsed.notices]
    about_statements = [
        Notice(_where(plan.statement, plan.iban), translated(note))
        for plan in plans
        for note in plan.statement.notes
    ]
    return (*about_file, *about_statements)


def _match_new(plans: list[_Plan], user: Any) -> dict[str, int]:
    """Match what was imported, organisation by organisation (one book each)."""
    from django.utils import timezone

    from innen.banking.applying import MatchSummary, match_pending

    total = MatchSummary().as_json()
    organisations = {plan.account.organisation for plan in plans if plan.account is not None}
    for organisation in sorted(organisations, key=lambda o: o.pk):
        done = match_pending(organisation, today=timezone.localdate(), user=user).as_json()
        total = {key: total[key] + done[key] for key in total}
    return total


def bank_account_add(
    *, organisation: Organisation, iban: str, name: str = "", bank: str = ""
) -> BankAccount:
    """Register `iban` as one of the organisation's accounts; ValidationError if it can't be.

    `iban` may be a Dutch account number from before the IBAN, at `bank` (a name, code or
    BIC): its IBAN is registered (`innen.identifiers.clean_account`).
    """
    try:
        iban = clean_account(iban, bank)
    except ValueError as exc:
        raise ValidationError({"iban": translated(reason(exc))}) from exc
    # Only this organisation's accounts are looked at: whether another organisation holds
    # the IBAN is none of its business (and would let it probe for other tenants' accounts).
    if BankAccount.objects.filter(organisation=organisation, iban=iban).exists():
        raise ValidationError({"iban": refusals.ALREADY_YOUR_ACCOUNT % {"iban": iban}})
    account = BankAccount(organisation=organisation, iban=iban, name=name.strip())
    account.full_clean()
    account.save()
    return account


def _plan(
    statements: Sequence[Statement], organisation: Organisation | None, *, lock: bool
) -> tuple[list[_Plan], list[StatementError]]:
    errors: list[StatementError] = []
    ibans = []
    for statement in statements:
        try:
            ibans.append(clean_iban(statement.account_iban))
        except ValueError as exc:
            message = reason(exc)
            if dutch_account_digits(statement.account_iban) is not None:
                message = refusals.ACCOUNT_WITHOUT_BANK % {"number": statement.account_iban}
            errors.append(StatementError(_where(statement, statement.account_iban), message))
    if errors:
        return [], errors
    accounts, shared = _accounts(set(ibans), organisation, lock=lock)
    seen: dict[str, set[str]] = defaultdict(set)  # per account: identities earlier in the file
    plans = []
    for statement, iban in zip(statements, ibans, strict=True):
        identities = [_fit_identity(i) for i in entry_identities(iban, statement.entries)]
        errors += _check(statement, iban, identities)
        if iban in shared:
            errors.append(_shared(statement, iban, shared[iban]))
        account = accounts.get(iban)
        known = _existing(account, identities) if account is not None else set()
        known |= seen[iban]
        seen[iban].update(identities)
        new = [(i, e) for i, e in zip(identities, statement.entries, strict=True) if i not in known]
        plans.append(
            _Plan(statement, iban, account, new, len(identities) - len(new), iban in shared)
        )
    return plans, errors


def _accounts(
    ibans: set[str], organisation: Organisation | None, *, lock: bool
) -> tuple[dict[str, BankAccount], dict[str, list[Organisation]]]:
    """The account of each IBAN, and the IBANs several organisations hold (with them).

    With `organisation`, only its accounts count. Without, an IBAN more than one
    organisation registered has no single owner: the import cannot choose for them.
    """
    found = BankAccount.objects.filter(iban__in=ibans).select_related("organisation")
    if organisation is not None:
        found = found.filter(organisation=organisation)
    if lock:  # two imports of one account take turns, so neither adds an entry twice
        found = found.select_for_update(of=("self",))
    by_iban: dict[str, list[BankAccount]] = defaultdict(list)
    for account in found.order_by("organisation_id"):
        by_iban[account.iban].append(account)
    accounts = {iban: held[0] for iban, held in by_iban.items() if len(held) == 1}
    shared = {
        iban: [account.organisation for account in held]
        for iban, held in by_iban.items()
        if len(held) > 1
    }
    return accounts, shared


def _shared(statement: Statement, iban: str, owners: list[Organisation]) -> StatementError:
    names = ", ".join(f"{owner.name} ({owner.pk})" for owner in owners)
    message = refusals.SHARED_ACCOUNT % {"iban": iban, "names": names}
    return StatementError(_where(statement, iban), message)


def _existing(account: BankAccount, identities: Sequence[str]) -> set[str]:
    """Which of `identities` the account already holds: one indexed lookup per chunk."""
    found: set[str] = set()
    for start in range(0, len(identities), CHUNK):
        chunk = identities[start : start + CHUNK]
        # No ORDER BY: sorting by date would lead SQLite to the date index, not the unique one.
        rows = BankEntry.objects.filter(account=account, identity__in=chunk).order_by()
        found.update(rows.values_list("identity", flat=True))
    return found


def _check(statement: Statement, iban: str, identities: Sequence[str]) -> list[StatementError]:
    """Every problem of one statement, each naming the statement and, where it can, the entry."""
    where = _where(statement, iban)
    errors = []
    problem = statement.balance_problem()
    if problem is not None:
        errors.append(StatementError(where + _suspect(statement), problem))
    first: dict[str, int] = {}
    for identity, entry in zip(identities, statement.entries, strict=True):
        at = refusals.ENTRY_AT % {"where": where, "number": entry.number}
        if entry.currency != statement.currency:
            currencies = {"entry": entry.currency, "statement": statement.currency}
            errors.append(StatementError(at, refusals.OTHER_CURRENCY % currencies))
        if entry.amount != round_cents(entry.amount) or abs(entry.amount) > LARGEST_AMOUNT:
            errors.append(StatementError(at, refusals.NOT_AN_AMOUNT % {"amount": entry.amount}))
        if identity in first:
            same = {"reference": repr(entry.bank_reference), "number": first[identity]}
            errors.append(StatementError(at, refusals.SAME_BANK_REFERENCE % same))
        first.setdefault(identity, entry.number)
    return errors


def _suspect(statement: Statement) -> str:
    """The one entry whose sign, turned round, would make the balances add up ("" if none)."""
    if statement.opening_balance is None or statement.closing_balance is None:
        return ""
    counted = statement.in_closing_balance
    moved = sum((e.amount for e in counted), Decimal(0))
    gap = statement.closing_balance - statement.opening_balance - moved
    flipped = [e for e in counted if e.amount and -2 * e.amount == gap]
    if len(flipped) != 1:
        return ""
    return refusals.SIGN_LOOKS_WRONG % {"number": flipped[0].number}


def _where(statement: Statement, iban: str) -> str:
    if statement.statement_id:
        named = {"number": statement.number, "statement_id": statement.statement_id}
        return refusals.STATEMENT_NAMED_AT % {**named, "iban": iban}
    return refusals.STATEMENT_AT % {"number": statement.number, "iban": iban}


def _unknown(plan: _Plan, organisation: Organisation | None) -> StatementError:
    if organisation is None:
        message = refusals.NOBODYS_ACCOUNT % {"iban": plan.iban}
    else:
        named = {"organisation": organisation.name, "id": organisation.pk}
        message = refusals.NOT_YOUR_ACCOUNT % {**named, "iban": plan.iban}
    return StatementError(_where(plan.statement, plan.iban), message)


def _write(
    plans: Iterable[_Plan], file_format: str, name: str, sha256: str, user: Any
) -> tuple[int, ...]:
    created_by = user if getattr(user, "is_authenticated", False) else None
    ids = []
    for plan in plans:
        account, s = plan.account, plan.statement
        assert account is not None  # refused before: every account is known
        record = StatementImport.objects.create(
            organisation=account.organisation,
            account=account,
            file_name=_fit(name, StatementImport, "file_name"),
            file_sha256=sha256,
            format=_fit(file_format, StatementImport, "format"),
            statement_id=_fit(s.statement_id, StatementImport, "statement_id"),
            sequence=_fit(s.sequence, StatementImport, "sequence"),
            opening_balance=s.opening_balance,
            opening_date=s.opening_date,
            closing_balance=s.closing_balance,
            closing_date=s.closing_date,
            entries=len(s.entries),
            imported=len(plan.new),
            duplicates=plan.duplicates,
            created_by=created_by,
        )
        _insert_entries(record, plan.new)
        ids.append(record.pk)
    return tuple(ids)


ENTRY_TEXT = [
    "counterparty_iban",
    "counterparty_name",
    "counterparty_bic",
    "structured_reference",
    "end_to_end_id",
    "bank_reference",
    "transaction_code",
    "return_reason",
]
ENTRY_COLUMNS = [
    "organisation_id",
    "account_id",
    "statement_import_id",
    "identity",
    "number",
    "booking_date",
    "value_date",
    "amount",
    "currency",
    *ENTRY_TEXT,
    "remittance",
    "is_return",
    "match_status",
    "created_at",
]


def _insert_entries(record: StatementImport, new: Sequence[tuple[str, Entry]]) -> None:
    """Write the new entries as plain values: a year's statement is a hundred thousand rows.

    The ORM would build a model per row and SQLite would take forty-odd rows a statement;
    these values are simple, so they go in by COPY on PostgreSQL, one executemany elsewhere.
    """
    if not new:
        return
    ops = connection.ops
    postgres = connection.vendor == "postgresql"
    now = timezone.now()
    moment = now if postgres else ops.adapt_datetimefield_value(now)
    limits = {field: _max_length(BankEntry, field) for field in ENTRY_TEXT}
    rows = []
    for identity, entry in new:
        value_date = entry.value_date
        rows.append(
            (
                record.organisation_id,
                record.account_id,
                record.pk,
                identity,
                entry.number,
                entry.booking_date if postgres else entry.booking_date.isoformat(),
                value_date if postgres or value_date is None else value_date.isoformat(),
                entry.amount if postgres else str(entry.amount),
                entry.currency,
                *(getattr(entry, field)[: limits[field]] for field in ENTRY_TEXT),
                entry.remittance,
                entry.is_return,
                MatchStatus.UNMATCHED.value,
                moment,
            )
        )
    if postgres:
        copy_rows(BankEntry, ENTRY_COLUMNS, rows)
        return
    table = ops.quote_name(BankEntry._meta.db_table)
    by_name = {field.attname: field.column for field in BankEntry._meta.concrete_fields}
    columns = ", ".join(ops.quote_name(by_name[name]) for name in ENTRY_COLUMNS)
    marks = ", ".join(["%s"] * len(ENTRY_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _fit(value: str, model: type[models.Model], field: str) -> str:
    """`value` cut to what the column holds: a reader may pass longer text than banks send."""
    return value[: _max_length(model, field)]


def _max_length(model: type[models.Model], name: str) -> int:
    lengths = {field.name: field.max_length for field in model._meta.concrete_fields}
    return lengths[name] or 10**9


def _fit_identity(identity: str) -> str:
    """A (stable) digest in place of an identity too long for its column."""
    limit = _max_length(BankEntry, "identity")
    if len(identity) <= limit:
        return identity
    return "h:" + hashlib.sha256(identity.encode()).hexdigest()
