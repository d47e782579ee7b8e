"""A day's bank statement imported against a large book: what a user waits for each morning.

`statement_daily_seconds`: a CAMT.053 file of `DAILY_LINES` lines (the generated set's kinds
of line: references, invoice numbers, typos, combined and partial payments, stornos, unrelated
money), imported by `statement_import` into an organisation with 1,000,000 open invoices
(`innen.bench.matching.write_generated`): read, checked, written, matched and applied, end to
end, in one timed call, as `innen import-statement` does; `statement_daily_ratio` is it
against the target. Beside it, what the seconds were spent on, since other work on a shared
machine stretches them: the process's CPU time (`statement_daily_cpu_seconds`), the time
waiting for the database's answers (`statement_daily_sql_seconds`) and the machine's load
(`statement_daily_load`, the one-minute load average when the import ended).

`INNEN_BENCH_DAILY_INVOICES` sets a smaller book to try changes on (a tenth as many
customers); the figure to report is of the full size.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from innen.bench import Figure, benchmark

DAILY_LINES = 1_000
INVOICES = 1_000_000
CUSTOMERS = 100_000
TARGET_SECONDS = 2.0
BOOKED_ON = date(2026, 11, 30)


@benchmark
def statement_daily() -> Iterator[Figure]:
    from django.db import connection

    from innen.banking.models import BankAccount
    from innen.banking.services import statement_import
    from innen.bench.matching import write_generated
    from innen.matching.bench.generated import generate
    from innen.organisations.models import Organisation

    invoices = int(os.environ.get("INNEN_BENCH_DAILY_INVOICES", INVOICES))
    made = generate(CUSTOMERS * invoices // INVOICES, invoices, DAILY_LINES, seed=11)
    organisation = Organisation.objects.create(name="Bench Daily B.V.")
    write_generated(organisation, made.book)
    account = BankAccount.objects.get(organisation=organisation)
    data = camt053_of(account.iban, made.entries)
    del made
    gc.collect()
    _checkpoint()
    waited = [0.0]
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(_timed(waited)):
        summary = statement_import(
            data=data, name="daily.xml", organisation=organisation, dry_run=False
        )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if not summary.ok or summary.imported != DAILY_LINES:
        raise RuntimeError(f"the daily statement did not import: {summary.as_json()}")
    yield Figure(
        "statement_daily_seconds", seconds, "s", floor=TARGET_SECONDS, floor_label="target"
    )
    yield Figure("statement_daily_ratio", seconds / TARGET_SECONDS, "x")
    yield Figure("statement_daily_cpu_seconds", cpu, "s")
    yield Figure("statement_daily_sql_seconds", waited[0], "s")
    yield Figure("statement_daily_load", os.getloadavg()[0], "")


def _checkpoint() -> None:
    """Write out the pages the load left dirty, as a server has done long before a morning's
    import: else the import pays for writing a million invoices out of the buffers."""
    from django.db import DatabaseError, connection

    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass  # needs a superuser (or pg_checkpoint): measured with the noise then


def _timed(waited: list[float]) -> Callable[..., Any]:
    """A query wrapper adding the time each query took to `waited[0]`."""

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, *args)
        finally:
            waited[0] += time.perf_counter() - started

    return wrapper


def camt053_of(iban: str, entries: Sequence[Any]) -> bytes:
    """A camt.053.001.02 day statement of `entries` (booked on `BOOKED_ON`) for `iban`."""
    total = sum((e.amount for e in entries), Decimal("0.00"))
    day = BOOKED_ON.isoformat()
    body = "".join(_entry(e, number, day) for number, e in enumerate(entries, start=1))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>BENCH-{day}</MsgId><CreDtTm>{day}T06:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>BENCH-{day}</Id><ElctrncSeqNb>1</ElctrncSeqNb>"
        f"<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        f"{_balance('OPBD', Decimal('0.00'), day)}{_balance('CLBD', total, day)}"
        f"{body}</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def _balance(code: str, amount: Decimal, day: str) -> str:
    sign = "CRDT" if amount >= 0 else "DBIT"
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="EUR">{abs(amount)}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
        f"<Dt><Dt>{day}</Dt></Dt></Bal>"
    )


def _entry(entry: Any, number: int, day: str) -> str:
    credit = entry.amount > 0
    other = "Dbtr" if credit else "Cdtr"
    family = "RCDT/ESCT" if credit else ("RDDT/UPDD" if entry.is_return else "ICDT/ESCT")
    remittance = f"<Ustrd>{escape(entry.remittance)}</Ustrd>" if entry.remittance else ""
    if entry.structured_reference:
        remittance += (
            "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
            f"<Ref>{entry.structured_reference}</Ref></CdtrRefInf></Strd>"
        )
    returned = (
        f"<RtrInf><Rsn><Cd>{entry.return_reason}</Cd></Rsn></RtrInf>" if entry.is_return else ""
    )
    fmly_code, subfamily = family.split("/")
    return (
        f'<Ntry><Amt Ccy="EUR">{abs(entry.amount)}</Amt>'
        f"<CdtDbtInd>{'CRDT' if credit else 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>"
        f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
        f"<AcctSvcrRef>BENCH-{day}-{number}</AcctSvcrRef>"
        f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fmly_code}</Cd>"
        f"<SubFmlyCd>{subfamily}</SubFmlyCd></Fmly></Domn></BkTxCd>"
        "<NtryDtls><TxDtls>"
        f"<Refs><EndToEndId>{escape(entry.end_to_end_id or 'NOTPROVIDED')}</EndToEndId></Refs>"
        f"<RltdPties><{other}><Nm>{escape(entry.counterparty_name)}</Nm></{other}>"
        f"<{other}Acct><Id><IBAN>{entry.counterparty_iban}</IBAN></Id></{other}Acct>"
        "</RltdPties>"
        f"{f'<RmtInf>{remittance}</RmtInf>' if remittance else ''}{returned}"
        "</TxDtls></NtryDtls></Ntry>"
    )
