"""CAMT files as banks really write them: batches sharing a reference, forward-dated entries,
available balances only, the application header envelope, camt.052, Latin-1 declared UTF-8,
and ZIPs of any statement files."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from innen.formats.bank_files import read_statement_file
from innen.formats.camt053 import read_camt053
from innen.formats.camt_entries import batch_references
from innen.formats.statement import StatementError, entry_identities
from tests.formats.test_bank_csv import MT940
from tests.formats.test_camt053 import OWN, balance, document, entry, statement, tx

NS8 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
NS52 = "urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"
HEAD = "urn:iso:std:iso:20022:tech:xsd:head.001.001.02"


def with_refs(detail: str, reference: str) -> str:
    return detail.replace(
        "<TxDtls>", f"<TxDtls><Refs><AcctSvcrRef>{reference}</AcctSvcrRef></Refs>"
    )


def batch(*references: str) -> str:
    details = "".join(
        with_refs(tx(debtor=name, amount=amount), reference)
        for name, amount, reference in zip(
            "ABC", ("10.00", "20.00", "5.50"), references, strict=False
        )
    )
    return entry("35.50", details=details)


# -- a batch whose transactions share one reference ---------------------------------------------


def test_transactions_sharing_a_reference_take_the_entrys_reference_and_their_place():
    (stmt,) = read_camt053(document(statement(batch("TX", "TX", "TX"), "0.00", "35.50"))).statements
    assert [e.bank_reference for e in stmt.entries] == ["REF-35.50/1", "REF-35.50/2", "REF-35.50/3"]
    identities = entry_identities(OWN, stmt.entries)
    assert len(set(identities)) == 3


def test_transactions_with_their_own_references_keep_them_as_before():
    (stmt,) = read_camt053(document(statement(batch("TA", "TB", "TC"), "0.00", "35.50"))).statements
    assert [e.bank_reference for e in stmt.entries] == ["TA", "TB", "TC"]


def test_only_the_shared_references_of_a_batch_are_replaced():
    assert batch_references("E", ["TA", "TX", "TX", "", "E"]) == ["TA", "E/2", "E/3", "E/4", "E/5"]
    # Without an entry reference the transactions are known by what they say.
    assert batch_references("", ["TX", "TX"]) == ["", ""]


# -- balances ----------------------------------------------------------------------------------


def test_an_entry_booked_after_the_closing_balance_is_read_but_not_in_it():
    later = (
        entry("7.00")
        .replace("<BookgDt><Dt>2025-03-02", "<BookgDt><Dt>2025-03-03")
        .replace("REF-7.00", "REF-LATER")
    )
    forward = balance("FWAV", "108.00").replace("2025-03-02", "2025-03-03")
    body = statement(entry("8.00") + later, "100.00", "108.00").replace(
        "<Ntry>", forward + "<Ntry>", 1
    )
    (stmt,) = read_camt053(document(body)).statements
    assert [e.amount for e in stmt.entries] == [Decimal("8.00"), Decimal("7.00")]
    assert stmt.booked_by == date(2025, 3, 2)
    assert stmt.balance_problem() is None and stmt.notes == ()


def test_a_closing_balance_wrong_by_booking_date_too_is_refused_saying_what_was_left_out():
    later = entry("7.00").replace("<BookgDt><Dt>2025-03-02", "<BookgDt><Dt>2025-03-03")
    with pytest.raises(StatementError, match="1 entries booked after 2025-03-02 are not in"):
        read_camt053(document(statement(entry("8.00") + later, "100.00", "115.00")))


def test_available_balances_only_are_not_checked_and_the_statement_says_so():
    body = (
        statement(entry("8.00"), "100.00", "999.00").replace("OPBD", "OPAV").replace("CLBD", "CLAV")
    )
    (stmt,) = read_camt053(document(body)).statements
    assert stmt.opening_balance is None and stmt.closing_balance is None
    (note,) = stmt.notes
    assert "only available balances (OPAV, CLAV)" in note and "not checked" in note


def test_no_balances_at_all_are_said_too():
    body = statement(entry("8.00")).replace(balance("OPBD", "100.00"), "")
    (stmt,) = read_camt053(document(body.replace(balance("CLBD", "100.00"), ""))).statements
    assert "no booked opening and closing balance" in stmt.notes[0]


# -- the business application header envelope ---------------------------------------------------


def enveloped(root: str = "BizMsg") -> bytes:
    inner = document(statement(entry("8.00"), "100.00", "108.00"), ns=NS8).decode()
    inner = inner.removeprefix('<?xml version="1.0" encoding="UTF-8"?>')
    header = (
        f'<AppHdr xmlns="{HEAD}"><Fr><FIId><FinInstnId><BICFI>ABNANL2A</BICFI></FinInstnId>'
        "</FIId></Fr><To><OrgId><Id><OrgId><AnyBIC>INNENL2A</AnyBIC></OrgId></Id></OrgId></To>"
        "<BizMsgIdr>M1</BizMsgIdr><MsgDefIdr>camt.053.001.08</MsgDefIdr>"
        "<CreDt>2025-03-03T06:00:00Z</CreDt></AppHdr>"
    )
    opening = f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="urn:bank:envelope">'
    return f"{opening}{header}{inner}</{root}>".encode()


@pytest.mark.parametrize("root", ["BizMsg", "Envelope", "Message"])
def test_a_statement_in_an_application_header_envelope_is_read(root):
    result = read_statement_file(enveloped(root), "day.xml")
    assert result.format == "camt.053.001.08"
    (stmt,) = result.statements
    assert stmt.account_iban == OWN and [e.amount for e in stmt.entries] == [Decimal("8.00")]


def test_an_envelope_without_a_document_is_refused_by_its_root():
    with pytest.raises(StatementError, match="root element <BizMsg>"):
        read_camt053(b'<BizMsg xmlns="urn:bank:envelope"><AppHdr/></BizMsg>', "day.xml")


# -- camt.052 ----------------------------------------------------------------------------------


def report(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{NS52}"><BkToCstmrAcctRpt>'
        f"<GrpHdr><MsgId>R1</MsgId></GrpHdr><Rpt><Id>R1</Id>"
        f"<Acct><Id><IBAN>{OWN}</IBAN></Id><Ccy>EUR</Ccy></Acct>{body}</Rpt>"
        "</BkToCstmrAcctRpt></Document>"
    ).encode()


def test_an_intraday_report_is_read_as_a_statement_checked_against_its_interim_balance():
    interim = balance("ITBD", "108.00")
    result = read_camt053(report(balance("OPBD", "100.00") + interim + entry("8.00")))
    assert result.format == "camt.052.001.08"
    (stmt,) = result.statements
    assert (stmt.opening_balance, stmt.closing_balance) == (Decimal("100.00"), Decimal("108.00"))
    with pytest.raises(StatementError, match="balances do not add up"):
        read_camt053(report(balance("OPBD", "100.00") + interim + entry("9.00")))


def test_a_report_without_balances_is_read_and_says_it_was_not_checked():
    (stmt,) = read_camt053(report(entry("8.00"))).statements
    assert [e.amount for e in stmt.entries] == [Decimal("8.00")]
    assert "not checked" in stmt.notes[0]


def test_a_report_without_reports_says_so():
    empty = report("").replace(b"<Rpt><Id>R1</Id>", b"<Other>").replace(b"</Rpt>", b"</Other>")
    with pytest.raises(StatementError, match=r"no account report \(no <Rpt> element\)"):
        read_camt053(empty)


# -- Latin-1 declared UTF-8 --------------------------------------------------------------------


def test_latin1_in_a_file_declared_utf8_is_read_and_said():
    detail = tx(debtor="Café Müller", ustrd=("Factuur één",))
    data = document(statement(entry("8.00", details=detail), "100.00", "108.00"))
    latin1 = data.decode().encode("latin-1")
    result = read_statement_file(latin1, "day.xml")
    (one,) = result.statements[0].entries
    assert (one.counterparty_name, one.remittance) == ("Café Müller", "Factuur één")
    (notice,) = result.notices
    assert notice.where == "day.xml" and "says it is UTF-8 but holds Latin-1" in notice.message
    assert "line 1" in notice.message


def test_a_utf8_file_has_no_notice():
    detail = tx(debtor="Café Müller")
    data = document(statement(entry("8.00", details=detail), "100.00", "108.00"))
    assert read_statement_file(data, "day.xml").notices == ()


def test_latin1_is_not_read_when_the_declaration_is_not_the_only_problem():
    broken = document(statement(entry("8.00"), "100.00", "108.00")).replace(b"</Stmt>", b"")
    with pytest.raises(StatementError, match="not XML"):
        read_statement_file(broken.replace(b"S1", "Sé".encode("latin-1")), "day.xml")


# -- ZIPs of any statement files ---------------------------------------------------------------


def archive(*files: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for name, content in files:
            packed.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_of_mt940_files_reads_each_numbered_on():
    second = MT940.replace(b":20:940S140102", b":20:940S140103")
    result = read_statement_file(archive(("b.sta", second), ("a.sta", MT940)), "month.zip")
    assert result.format == "mt940 (zip)"
    assert [s.number for s in result.statements] == [1, 2]
    assert [s.statement_id for s in result.statements] == ["940S140102", "940S140103"]


def test_a_zip_of_camt_and_mt940_reads_both():
    camt = document(statement(entry("8.00"), "100.00", "108.00"))
    result = read_statement_file(archive(("1.xml", camt), ("2.sta", MT940)), "mixed.zip")
    assert result.format == "camt.053.001.02, mt940 (zip)"
    assert len(result.statements) == 2


def test_a_bad_file_in_a_zip_is_named():
    broken = MT940.replace(b":62F:C140102EUR4833,52", b":62F:C140102EUR1,00")
    with pytest.raises(StatementError, match=r"^b\.sta, .*do not add up"):
        read_statement_file(archive(("a.sta", MT940), ("b.sta", broken)), "month.zip")


def test_a_zip_inside_a_zip_is_refused():
    inner = archive(("a.sta", MT940))
    with pytest.raises(StatementError, match=r"inner\.zip: a ZIP archive inside the ZIP archive"):
        read_statement_file(archive(("inner.zip", inner)), "outer.zip")


def test_nonref_is_no_reference_so_entries_are_known_by_what_they_say():
    entries = entry("8.00").replace("REF-8.00", "NONREF") + entry("9.00").replace(
        "REF-9.00", "NONREF"
    )
    plain = entries.replace("<NtryRef>N1</NtryRef>", "")
    (stmt,) = read_camt053(document(statement(plain, "100.00", "117.00"))).statements
    assert [e.bank_reference for e in stmt.entries] == ["", ""]
    assert len(set(entry_identities(OWN, stmt.entries))) == 2


@pytest.mark.shared_data
def test_every_shared_camt_sample_read_has_one_identity_per_entry():
    from tests.formats.test_camt053 import SHARED, _samples

    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    read = 0
    for relative in _samples():
        try:
            result = read_statement_file((SHARED / relative).read_bytes(), relative)
        except StatementError:
            continue  # refused on purpose: test_camt053 names why
        read += 1
        for stmt in result.statements:
            identities = entry_identities(stmt.account_iban, stmt.entries)
            assert len(set(identities)) == len(identities), (relative, stmt.number)
    assert read >= 20
