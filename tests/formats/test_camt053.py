"""innen.formats.camt053: ISO 20022 CAMT.053 bank statements into `StatementFile`."""

from __future__ import annotations

import ast
import io
import json
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from innen.formats.bank_files import read_statement_file
from innen.formats.camt053 import read_camt053
from innen.formats.statement import Entry, StatementError, StatementFile

NS2 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
NS8 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
OWN = "NL91ABNA0417164300"


def balance(code: str, amount: str, sign: str = "CRDT", ccy: str = "EUR") -> str:
    return f"""<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>
      <Amt Ccy="{ccy}">{amount}</Amt><CdtDbtInd>{sign}</CdtDbtInd>
      <Dt><Dt>2025-03-0{1 if code == "OPBD" else 2}</Dt></Dt></Bal>"""


def entry(amount: str, sign: str = "CRDT", *, details: str = "", extra: str = "") -> str:
    return f"""<Ntry><NtryRef>N1</NtryRef><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{sign}</CdtDbtInd>
      {extra}<Sts>BOOK</Sts><BookgDt><Dt>2025-03-02</Dt></BookgDt><ValDt><Dt>2025-03-03</Dt></ValDt>
      <AcctSvcrRef>REF-{amount}</AcctSvcrRef>
      <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
      {f"<NtryDtls>{details}</NtryDtls>" if details else ""}</Ntry>"""


def statement(
    entries: str, opening: str = "100.00", closing: str = "100.00", stmt_id: str = "S1"
) -> str:
    return f"""<Stmt><Id>{stmt_id}</Id><ElctrncSeqNb>7</ElctrncSeqNb>
      <Acct><Id><IBAN>{OWN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      {balance("OPBD", opening)}{balance("CLBD", closing)}{entries}</Stmt>"""


def document(*statements: str, ns: str = NS2) -> bytes:
    body = "".join(statements)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{ns}"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>M1</MsgId></GrpHdr>{body}</BkToCstmrStmt></Document>"
    ).encode()


def tx(
    *,
    debtor: str = "",
    debtor_iban: str = "",
    creditor: str = "",
    creditor_iban: str = "",
    amount: str = "",
    ustrd: tuple[str, ...] = (),
    ref: str = "",
    e2e: str = "",
    return_reason: str = "",
    v8: bool = False,
) -> str:
    def party(role: str, name: str, iban: str) -> str:
        out = ""
        if name:
            out += (
                f"<{role}><Pty><Nm>{name}</Nm></Pty></{role}>"
                if v8
                else (f"<{role}><Nm>{name}</Nm></{role}>")
            )
        if iban:
            out += f"<{role}Acct><Id><IBAN>{iban}</IBAN></Id></{role}Acct>"
        return out

    parts = "<TxDtls>"
    if e2e:
        parts += f"<Refs><EndToEndId>{e2e}</EndToEndId></Refs>"
    if amount:
        parts += f'<AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>'
    parts += f"<RltdPties>{party('Dbtr', debtor, debtor_iban)}"
    parts += f"{party('Cdtr', creditor, creditor_iban)}</RltdPties>"
    parts += "<RltdAgts><DbtrAgt><FinInstnId><BIC>RABONL2U</BIC></FinInstnId></DbtrAgt></RltdAgts>"
    if ustrd or ref:
        parts += "<RmtInf>" + "".join(f"<Ustrd>{u}</Ustrd>" for u in ustrd)
        if ref:
            parts += (
                "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
                f"<Ref>{ref}</Ref></CdtrRefInf></Strd>"
            )
        parts += "</RmtInf>"
    if return_reason:
        parts += f"<RtrInf><Rsn><Cd>{return_reason}</Cd></Rsn></RtrInf>"
    return parts + "</TxDtls>"


def only_entry(result: StatementFile) -> Entry:
    (stmt,) = result.statements
    (one,) = stmt.entries
    return one


# -- hand-written documents ---------------------------------------------------------------------


def test_a_credit_with_its_details():
    details = tx(
        debtor="Bakkerij De Vries",
        debtor_iban="NL02RABO0123456789",
        creditor="Us",
        creditor_iban=OWN,
        ustrd=("Factuur 2025-001", " en 2025-002 "),
        e2e="E2E-1",
    )
    result = read_camt053(document(statement(entry("12.50", details=details), "100.00", "112.50")))
    assert result.format == "camt.053.001.02"
    (stmt,) = result.statements
    assert stmt.account_iban == OWN
    assert stmt.currency == "EUR"
    assert stmt.statement_id == "S1"
    assert stmt.sequence == "7"
    assert (stmt.opening_balance, stmt.closing_balance) == (Decimal("100.00"), Decimal("112.50"))
    assert (stmt.opening_date, stmt.closing_date) == (date(2025, 3, 1), date(2025, 3, 2))
    one = only_entry(result)
    assert one.amount == Decimal("12.50") and isinstance(one.amount, Decimal)
    assert one.booking_date == date(2025, 3, 2)
    assert one.value_date == date(2025, 3, 3)
    assert one.counterparty_name == "Bakkerij De Vries"
    assert one.counterparty_iban == "NL02RABO0123456789"
    assert one.counterparty_bic == "RABONL2U"
    assert one.remittance == "Factuur 2025-001 en 2025-002"
    assert one.end_to_end_id == "E2E-1"
    assert one.bank_reference == "REF-12.50"
    assert one.transaction_code == "PMNT/RCDT/ESCT"
    assert not one.is_return
    assert one.number == 1


def test_a_debit_is_negative_and_names_the_creditor_v8():
    details = tx(
        debtor="Us",
        debtor_iban=OWN,
        creditor="Energie BV",
        creditor_iban="NL20INGB0001234567",
        e2e="NOTPROVIDED",
        v8=True,
    )
    result = read_camt053(
        document(statement(entry("40.00", "DBIT", details=details), "100.00", "60.00"), ns=NS8)
    )
    assert result.format == "camt.053.001.08"
    one = only_entry(result)
    assert one.amount == Decimal("-40.00")
    assert one.counterparty_name == "Energie BV"
    assert one.counterparty_iban == "NL20INGB0001234567"
    assert one.end_to_end_id == ""


def test_a_structured_rf_reference():
    details = tx(debtor="Klant", ref="RF18 5390 0754 7034")
    one = only_entry(
        read_camt053(document(statement(entry("5.00", details=details), "0.00", "5.00")))
    )
    assert one.structured_reference == "RF18539007547034"


def test_a_reversed_direct_debit_is_a_return_naming_the_debtor():
    # We collected a direct debit (we are the creditor); it comes back as a debit.
    details = tx(
        debtor="Klant BV",
        debtor_iban="NL02RABO0123456789",
        creditor="Us",
        creditor_iban=OWN,
        return_reason="MD06",
    )
    ntry = entry("25.00", "DBIT", details=details, extra="<RvslInd>true</RvslInd>")
    ntry = ntry.replace("<Cd>RCDT</Cd><SubFmlyCd>ESCT", "<Cd>RDDT</Cd><SubFmlyCd>UPDD")
    one = only_entry(read_camt053(document(statement(ntry, "100.00", "75.00"))))
    assert one.amount == Decimal("-25.00")
    assert one.is_return
    assert one.return_reason == "MD06"
    assert one.transaction_code == "PMNT/RDDT/UPDD"
    assert one.counterparty_name == "Klant BV"
    assert one.counterparty_iban == "NL02RABO0123456789"


def test_a_return_code_alone_marks_a_return():
    ntry = entry("9.00", details=tx(debtor="Bank")).replace("ESCT", "RRTN")
    one = only_entry(read_camt053(document(statement(ntry, "0.00", "9.00"))))
    assert one.is_return and one.return_reason == ""


def test_a_batch_is_split_when_the_amounts_add_up():
    details = (
        tx(debtor="A", amount="10.00", ustrd=("one",))
        + tx(debtor="B", amount="20.00", ustrd=("two",))
        + tx(debtor="C", amount="5.50", ustrd=("three",))
    )
    ntry = entry("35.50", details=details)
    (stmt,) = read_camt053(document(statement(ntry, "0.00", "35.50"))).statements
    assert [e.amount for e in stmt.entries] == [Decimal("10.00"), Decimal("20.00"), Decimal("5.50")]
    assert [e.counterparty_name for e in stmt.entries] == ["A", "B", "C"]
    assert [e.number for e in stmt.entries] == [1, 2, 3]
    assert len({e.bank_reference for e in stmt.entries}) == 3  # distinct identities


def test_a_batch_stays_one_entry_when_the_amounts_do_not_add_up():
    details = tx(debtor="A", amount="10.00") + tx(debtor="B", amount="20.00")
    ntry = entry("35.50", details=details)
    (stmt,) = read_camt053(document(statement(ntry, "0.00", "35.50"))).statements
    assert [e.amount for e in stmt.entries] == [Decimal("35.50")]


def test_several_statements_are_numbered():
    first = statement(entry("1.00"), "0.00", "1.00", stmt_id="A")
    second = statement(entry("2.00") + entry("3.00", "DBIT"), "1.00", "0.00", stmt_id="B")
    result = read_camt053(document(first, second))
    assert [s.number for s in result.statements] == [1, 2]
    assert [s.statement_id for s in result.statements] == ["A", "B"]
    assert [e.number for e in result.statements[1].entries] == [1, 2]
    assert [e.amount for e in result.statements[1].entries] == [Decimal("2.00"), Decimal("-3.00")]


def test_documents_one_after_the_other_in_one_file():
    first = document(statement(entry("1.00"), "0.00", "1.00", stmt_id="A"))
    second = document(statement(entry("2.00"), "1.00", "3.00", stmt_id="B"))
    result = read_camt053(first + b"\n" + second)
    assert [(s.number, s.statement_id) for s in result.statements] == [(1, "A"), (2, "B")]


def test_a_zip_reads_its_files_in_name_order():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("b.xml", document(statement(entry("2.00"), "1.00", "3.00", "B")))
        archive.writestr("a.xml", document(statement(entry("1.00"), "0.00", "1.00", "A")))
        archive.writestr("__MACOSX/._a.xml", b"junk")
    result = read_camt053(buffer.getvalue(), "day.zip")
    assert result.format == "camt.053 (zip)"
    assert [s.statement_id for s in result.statements] == ["A", "B"]
    assert [s.number for s in result.statements] == [1, 2]


def test_a_zip_error_names_the_member():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", document(statement(entry("1.00"), "0.00", "1.00", "A")))
        archive.writestr("b.xml", document(statement(entry("2.00"), "1.00", "9.00", "B")))
    with pytest.raises(StatementError) as caught:
        read_camt053(buffer.getvalue(), "day.zip")
    assert caught.value.where == "b.xml, statement 2 (ID B)"


def test_a_broken_balance_names_the_statement():
    first = statement(entry("1.00"), "0.00", "1.00", stmt_id="A")
    second = statement(entry("2.00"), "1.00", "4.00", stmt_id="xyz")
    with pytest.raises(StatementError) as caught:
        read_camt053(document(first, second))
    assert caught.value.where == "statement 2 (ID xyz)"
    assert "closing balance is 4.00" in caught.value.message
    # Skipping the check reads it anyway (for comparing with other parsers only).
    assert len(read_camt053(document(first, second), check_balances=False).statements) == 2


def test_a_missing_amount_or_sign_names_the_entry():
    good = entry("1.00")
    no_amount = entry("2.00").replace('<Amt Ccy="EUR">2.00</Amt>', "")
    with pytest.raises(StatementError) as caught:
        read_camt053(document(statement(good + no_amount, "0.00", "3.00", "xyz")))
    assert caught.value.where == "statement 1 (ID xyz), entry 2"
    assert "no amount" in caught.value.message
    no_sign = entry("1.00").replace("<CdtDbtInd>CRDT</CdtDbtInd>", "")
    with pytest.raises(StatementError, match="entry 1: no credit/debit sign"):
        read_camt053(document(statement(no_sign, "0.00", "1.00")))


def test_a_balance_in_another_currency_is_ignored_but_an_entry_is_not():
    extra = balance("CLBD", "999.00", ccy="USD")
    stmt = statement(entry("1.00"), "0.00", "1.00").replace("</Stmt>", "") + extra + "</Stmt>"
    (result,) = read_camt053(document(stmt)).statements
    assert result.closing_balance == Decimal("1.00")
    foreign = entry("1.00").replace('Ccy="EUR"', 'Ccy="USD"')
    with pytest.raises(StatementError, match="in USD, the statement is in EUR"):
        read_camt053(document(statement(foreign, "0.00", "1.00")))


def test_pending_entries_are_left_out():
    pending = entry("5.00").replace("<Sts>BOOK</Sts>", "<Sts>PDNG</Sts>")
    (stmt,) = read_camt053(document(statement(entry("1.00") + pending, "0.00", "1.00"))).statements
    assert [e.amount for e in stmt.entries] == [Decimal("1.00")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not xml at all", "not XML"),
        (b":20:STARTUMS\r\n:25:NL91ABNA0417164300\r\n", "MT940"),
        (b"<a><b></a>", "not XML"),
        (b'<Document xmlns="urn:other"/>', "not a camt.053"),
        (
            document(statement("")).replace(b"camt.053.001.02", b"camt.054.001.08"),
            "camt.054",
        ),
        (b'<Document xmlns="' + NS2.encode() + b'"><BkToCstmrStmt/></Document>', "no statement"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "DOCTYPE"),
        (b"PK\x03\x04broken", "ZIP"),
    ],
)
def test_what_is_not_a_statement_is_refused(data, message):
    with pytest.raises(StatementError, match=message):
        read_camt053(data, "upload")


def test_a_bad_date_is_refused():
    bad = entry("1.00").replace("<BookgDt><Dt>2025-03-02", "<BookgDt><Dt>JJJJ-MM-TT")
    with pytest.raises(StatementError, match="entry 1: BookgDt 'JJJJ-MM-TT' is not a date"):
        read_camt053(document(statement(bad, "0.00", "1.00")))


def test_booking_date_time_is_read_as_a_date():
    ntry = entry("1.00").replace(
        "<BookgDt><Dt>2025-03-02</Dt>", "<BookgDt><DtTm>2025-03-02T10:11:12+01:00</DtTm>"
    )
    one = only_entry(read_camt053(document(statement(ntry, "0.00", "1.00"))))
    assert one.booking_date == date(2025, 3, 2)


# -- the shared third-party samples ---------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "camt053"

# Sample files that are refused on purpose, with a part of the reason.
_OCA = "OCA_bank-statement-import/"
_CAMT = _OCA + "account_bank_statement_import_camt/test_files/"
_CAMT_OCA = _OCA + "account_bank_statement_import_camt_oca/test_files/"
_STATEMENT_CAMT = _OCA + "account_statement_import_camt/test_files/"
_NOT_ADDING_UP = "balances do not add up"

# Sample files that are refused on purpose, with a part of the reason.
REFUSED = {
    # Deliberately broken samples.
    "genkgo_camt/test/data/camt053.v2.wrong.xml": "no statement",
    "kedder_ofxstatement-iso20022/tests/samples/unsupported.xml": "namespace 'urn:weird-namespace'",
    _STATEMENT_CAMT + "test-camt053-wrong-amount": (
        "statement 1 (ID 20220414375204816306878), entry 2: no amount"
    ),
    # camt.052 before version .02, as camt.053.
    "genkgo_camt/test/data/camt052.v1.xml": "camt.052.001.01 is not supported",
    # A synthetic report whose entry has neither a booking nor a value date.
    "genkgo_camt/test/data/camt052.v2.with-account-name.xml": "entry 1: no booking date",
    # A template with placeholder dates.
    "erfannariman_CAMT053_Import/01_Input/CAMT053_Example2.xml": "'JJJJ-MM-TT' is not a date",
    # Synthetic samples whose balances do not add up (the other parsers do not check).
    "genkgo_camt/test/data/camt053.v2.all-balance-types.xml": _NOT_ADDING_UP,
    "genkgo_camt/test/data/camt053.v2.five.decimals.xml": _NOT_ADDING_UP,
    "kedder_ofxstatement-iso20022/tests/samples/gcamp6.xml": _NOT_ADDING_UP,
    _CAMT + "test-camt053": _NOT_ADDING_UP,
    _CAMT + "test-camt053__4a2a0473": _NOT_ADDING_UP,
    _CAMT + "test-camt053.xml": _NOT_ADDING_UP,
    _CAMT + "test-camt053.zip": (
        "test-camt053_02.xml, statement 1 (ID 1234Test/2): the balances do not add up"
    ),
    _CAMT + "test-camt053-txdtls__d01f9ea7": _NOT_ADDING_UP,
    _CAMT_OCA + "test-camt053": _NOT_ADDING_UP,
    _CAMT_OCA + "test-camt053-bookgdt-dttm": _NOT_ADDING_UP,
    _CAMT_OCA + "test-camt053-more-than-one-xml": _NOT_ADDING_UP,
    _CAMT_OCA + "test-camt053-multiple-accounts.zip": _NOT_ADDING_UP,
}
NOT_SAMPLES = {".json", ".pydata", ".tsv", ".xsd", ".txt"}


def _samples() -> list[str]:
    if not SHARED.is_dir():
        return []
    return sorted(
        str(path.relative_to(SHARED))
        for path in SHARED.rglob("*")
        if path.is_file() and path.suffix not in NOT_SAMPLES and not path.name.startswith("LICENSE")
    )


def _other_message(relative: str) -> str | None:
    """ "camt.054" when the sample is one (by its name or namespace): not a statement."""
    head = (SHARED / relative).read_bytes()[:2000]
    for kind in ("camt.054",):
        if kind.encode() in head or kind.replace(".", "") in Path(relative).name:
            return kind
    return None


shared_data = pytest.mark.shared_data
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")


@shared_data
@needs_shared
def test_the_shared_folder_holds_samples():
    samples = _samples()
    assert len(samples) >= 40
    assert set(REFUSED) <= set(samples)


@shared_data
@needs_shared
@pytest.mark.parametrize("relative", _samples() or ["(none)"])
def test_each_shared_sample_imports_or_is_refused_by_name(relative):
    data = (SHARED / relative).read_bytes()
    other = _other_message(relative)
    if other is not None:
        with pytest.raises(StatementError, match=f"this is a {other}"):
            read_camt053(data, Path(relative).name)
        return
    if relative in REFUSED:
        with pytest.raises(StatementError) as caught:
            read_camt053(data, Path(relative).name)
        assert REFUSED[relative] in str(caught.value)
        return
    result = read_camt053(data, Path(relative).name)
    assert result.format.startswith(("camt.053", "camt.052"))
    assert result.statements
    for number, stmt in enumerate(result.statements, start=1):
        assert stmt.number == number
        assert stmt.account_iban
        assert stmt.balance_problem() is None
        assert [e.number for e in stmt.entries] == list(range(1, len(stmt.entries) + 1))
        for one in stmt.entries:
            assert isinstance(one.amount, Decimal)


# -- genkgo/camt's expected parse (JSON dumps of its PHP objects) --------------------------------


def _genkgo_pairs() -> list[str]:
    if not SHARED.is_dir():
        return []
    folder = SHARED / "genkgo_camt" / "test" / "data"
    return sorted(
        p.stem
        for p in folder.glob("*.json")
        if (folder / f"{p.stem}.xml").exists() and "camt05" not in p.stem.replace("camt053", "")
    )


def _get(node: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _day(node: Any) -> date | None:
    text = _get(node, "0")
    return date.fromisoformat(text[:10]) if isinstance(text, str) else None


@shared_data
@needs_shared
@pytest.mark.parametrize("stem", _genkgo_pairs() or ["(none)"])
def test_genkgo_expected_parse(stem):
    folder = SHARED / "genkgo_camt" / "test" / "data"
    expected = json.loads((folder / f"{stem}.json").read_text())
    result = read_camt053((folder / f"{stem}.xml").read_bytes(), stem, check_balances=False)
    by_id = {s.statement_id: s for s in result.statements}
    records = [_get(r, "getId") for r in expected["getRecords"] if isinstance(r, dict)]
    for record_id in records:
        assert record_id in by_id
    record_id = result.statements[-1].statement_id
    compared = 0
    for theirs in expected["getEntries"]:
        record = theirs.get("getRecord")
        if isinstance(record, dict):
            record_id = record["getId"]
            ours_stmt = by_id[record_id]
            assert ours_stmt.account_iban == _get(record, "getAccount", "getIdentification")
            assert ours_stmt.sequence == (record.get("getElectronicSequenceNumber") or "")
        ours = by_id[record_id].entries[theirs["getIndex"]]
        money = theirs["getAmount"]
        assert ours.currency == money["getCurrency"]["getCode"]
        assert ours.amount.scaleb(2) == Decimal(money["getAmount"])
        assert (ours.amount < 0) == (theirs["getCreditDebitIndicator"] == "DBIT")
        assert ours.booking_date == _day(theirs["getBookingDate"])
        assert ours.value_date == _day(theirs["getValueDate"])
        if theirs["getReversalIndicator"]:
            assert ours.is_return
        assert ours.bank_reference == (
            theirs.get("getAccountServicerReference") or theirs.get("getReference") or ""
        )
        detail = theirs["getTransactionDetail"]
        if isinstance(detail, dict):
            e2e = _get(detail, "getReference", "getEndToEndId") or ""
            assert ours.end_to_end_id == ("" if e2e == "NOTPROVIDED" else e2e)
            remittance = detail.get("getRemittanceInformation")
            lines = [
                _get(block, "getMessage") or ""
                for block in (_get(remittance, "getUnstructuredBlocks") or [])
                if isinstance(block, dict)
            ]
            if lines:
                assert ours.remittance == " ".join(" ".join(line.split()) for line in lines)
            ref = _get(remittance, "getCreditorReferenceInformation", "getRef")
            if ref:
                assert ours.structured_reference == "".join(ch for ch in ref if ch.isalnum())
            role = "Debtor" if theirs["getCreditDebitIndicator"] == "CRDT" else "Creditor"
            parties = [
                p
                for p in detail.get("getRelatedParties") or []
                if isinstance(p, dict)
                and str(_get(p, "getRelatedPartyType", "__CLASS__")).endswith("\\" + role)
            ]
            if parties:
                party = parties[0]
                iban = _get(party, "getAccount", "getIban", "getIban")
                if iban and iban != by_id[record_id].account_iban:
                    assert ours.counterparty_iban == iban
                name = _get(party, "getRelatedPartyType", "getName")
                if name:
                    assert ours.counterparty_name == " ".join(name.split())
        compared += 1
    assert compared == len(expected["getEntries"])


# -- OCA bank-statement-import's golden parses ---------------------------------------------------


def _oca_goldens() -> list[str]:
    if not SHARED.is_dir():
        return []
    base = SHARED / "OCA_bank-statement-import"
    return sorted(
        str(p.relative_to(base))
        for p in base.rglob("golden-camt053*.pydata")
        if "merge_ref_name" not in p.name
    )


def _oca_candidates(golden: Path) -> list[Path]:
    kind = golden.stem.split("__")[0].removeprefix("golden-")  # camt053, camt053-txdtls, ...
    return sorted(
        p
        for p in (SHARED / "OCA_bank-statement-import").rglob("test-camt05*")
        if p.suffix not in NOT_SAMPLES
        and p.name.split("__")[0] in (f"test-{kind}", f"test-{kind}.xml")
    )


# One OCA version left the counterparty account of a debit empty although the XML names the
# creditor's IBAN (RltdPties/CdtrAcct); the other versions of the same golden agree with us.
OCA_COUNTERPARTY_DIFFERS = {
    "account_bank_statement_import_camt/test_files/golden-camt053-txdtls__4007eb8a.pydata",
}


def _without_counterparties(essentials: Any) -> Any:
    account, statements = essentials
    return account, [row[:3] for row in statements]


def _cents(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _oca_essentials(account: str | None, statements: list[dict[str, Any]]) -> Any:
    return (
        account,
        [
            (
                _cents(s["balance_start"]),
                _cents(s["balance_end_real"]),
                sorted(_cents(t["amount"]) for t in s["transactions"]),
                sorted(t.get("account_number") or "" for t in s["transactions"]),
            )
            for s in statements
        ],
    )


def _our_essentials(result: StatementFile) -> Any:
    kept = [s for s in result.statements if s.entries]  # OCA drops empty statements
    return (
        kept[0].account_iban if kept else None,
        [
            (
                s.opening_balance,
                s.closing_balance,
                sorted(e.amount.quantize(Decimal("0.01")) for e in s.entries),
                sorted(e.counterparty_iban for e in s.entries),
            )
            for s in kept
        ],
    )


@shared_data
@needs_shared
@pytest.mark.parametrize("relative", _oca_goldens() or ["(none)"])
def test_oca_golden_parse(relative):
    golden = SHARED / "OCA_bank-statement-import" / relative
    parsed = ast.literal_eval(golden.read_text())
    # Older branches store one (currency, account, statements); newer ones a list of those.
    per_account = parsed if isinstance(parsed, list) else [parsed]
    account = per_account[0][1] if per_account else None
    statements = [s for _currency, _account, group in per_account for s in group]
    wanted = _oca_essentials(account, statements)
    if relative in OCA_COUNTERPARTY_DIFFERS:
        wanted = _without_counterparties(wanted)
    candidates = _oca_candidates(golden)
    assert candidates
    seen = []
    for candidate in candidates:
        result = read_camt053(candidate.read_bytes(), candidate.name, check_balances=False)
        ours = _our_essentials(result)
        if relative in OCA_COUNTERPARTY_DIFFERS:
            ours = _without_counterparties(ours)
        if ours == wanted:
            return
        seen.append(ours)
    pytest.fail(f"no sample matches {relative}: wanted {wanted}, read {seen}")


# -- hostile files ---------------------------------------------------------------------------


def entity_document(encoding: str) -> bytes:
    """A statement whose remittance is an internal entity: harmless text, but a DTD all the same."""
    text = document(statement(entry("1.00"), "0.00", "1.00")).decode()
    text = text.replace('encoding="UTF-8"', f'encoding="{encoding}"')
    text = text.replace("?>", '?><!DOCTYPE Document [<!ENTITY a "x">]>', 1)
    return text.replace("<NtryRef>N1</NtryRef>", "<NtryRef>&a;</NtryRef>").encode(encoding)


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
def test_a_document_type_is_refused_in_any_encoding(encoding):
    with pytest.raises(StatementError, match="DOCTYPE"):
        read_camt053(entity_document(encoding), "upload")


def test_an_upload_in_utf16_reaches_the_camt_reader_and_is_refused():
    with pytest.raises(StatementError, match="DOCTYPE"):
        read_statement_file(entity_document("UTF-16"), "upload.xml")


def test_a_document_type_inside_a_zip_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", entity_document("UTF-16"))
    with pytest.raises(StatementError, match="DOCTYPE") as caught:
        read_camt053(buffer.getvalue(), "day.zip")
    assert caught.value.where == "a.xml"


def test_a_utf16_statement_without_a_document_type_is_read():
    text = document(statement(entry("1.00"), "0.00", "1.00")).decode()
    data = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert read_camt053(data).statements[0].entries[0].amount == Decimal("1.00")
