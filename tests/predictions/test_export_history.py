"""`innen export history --out FILE.parquet|csv`: invoices, steps, allocations and what
payments paid of interest and costs as one table, written whole or not at all."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.cli import export
from innen.cli.main import main
from innen.ledger import services
from innen.ledger.models import PaidCharges
from innen.predictions.history import NAMES
from tests import factories

pytestmark = pytest.mark.django_db

ISSUED = date(2026, 1, 1)


@pytest.fixture
def org():
    """One customer with an invoice paid 3 days late and one still open."""
    org = factories.organisation()
    customer = factories.customer(org, segment="horeca")
    paid = factories.invoice(org, customer, issue_date=ISSUED, due=ISSUED + timedelta(days=30))
    factories.invoice(org, customer, issue_date=ISSUED, due=ISSUED + timedelta(days=60))
    services.payment_register(
        organisation=org,
        customer=customer,
        date=paid.due_date + timedelta(days=3),
        amount=Decimal("121.00"),
        designated=[paid],
    )
    return org


def test_a_csv_holds_every_invoice_and_allocation_with_the_documented_columns(org, tmp_path):
    out = tmp_path / "history.csv"
    assert main(["export", "history", "--organisation", str(org.pk), "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines))
    assert tuple(rows[0]) == NAMES
    invoices = [r for r in rows if r["record"] == "invoice"]
    [allocation] = [r for r in rows if r["record"] == "allocation"]
    assert len(invoices) == 2
    assert sorted(r["days_late"] for r in invoices) == ["", "3"]
    assert allocation["amount"] == "121.00"
    assert allocation["allocation_kind"] == "payment"
    assert {r["customer_segment"] for r in rows} == {"horeca"}


def test_a_parquet_file_keeps_dates_and_amounts_typed(org, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "history.parquet"
    assert main(["export", "history", "--organisation", str(org.pk), "--out", str(out)]) == 0
    table = pq.read_table(out)
    assert tuple(table.column_names) == NAMES
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("amount").type) == "decimal128(14, 2)"
    rows = table.to_pylist()
    assert [r["date"] for r in rows if r["record"] == "invoice"] == [ISSUED, ISSUED]
    assert [r["amount"] for r in rows if r["record"] == "allocation"] == [Decimal("121.00")]


def test_without_pyarrow_a_parquet_file_is_refused_and_nothing_written(
    org, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(export, "parquet_possible", lambda: False)
    out = tmp_path / "history.parquet"
    with pytest.raises(SystemExit) as stopped:
        main(["export", "history", "--organisation", str(org.pk), "--out", str(out)])
    assert stopped.value.code == 2
    assert "needs pyarrow" in capsys.readouterr().err
    assert not out.exists()


def test_another_kind_of_file_is_refused(org, tmp_path):
    with pytest.raises(SystemExit):
        main(["export", "history", "--out", str(tmp_path / "history.xlsx")])


def test_a_failure_halfway_leaves_the_file_as_it_was_and_no_partial_file(org, tmp_path):
    out = tmp_path / "history.csv"
    out.write_text("the export before\n")

    def failing(handle):
        handle.write(b"record,half\n")
        raise OSError("disk full")

    with pytest.raises(OSError):
        export.write_whole(out, failing)
    assert out.read_text() == "the export before\n"
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]


def test_the_collection_steps_taken_are_rows_too(tmp_path, today):
    from innen.daily import run_day
    from tests.api.conftest import overdue_invoice
    from tests.personas import collecting_organisation

    collecting = collecting_organisation("Stappen B.V.", today)
    invoice = overdue_invoice(collecting, today, 20)
    run_day(collecting, today)
    out = tmp_path / "history.csv"
    main(["export", "history", "--organisation", str(collecting.pk), "--out", str(out)])
    with out.open(encoding="utf-8", newline="") as lines:
        steps = [r for r in csv.DictReader(lines) if r["record"] == "step"]
    assert steps
    assert {r["invoice_number"] for r in steps} == {invoice.number}
    assert all(r["step_kind"] and r["step_status"] for r in steps)


def test_what_a_payment_paid_of_interest_and_costs_is_a_row_of_its_own(tmp_path):
    org = factories.organisation()
    customer = factories.customer(org)
    late = factories.invoice(org, customer, issue_date=ISSUED, due=ISSUED + timedelta(days=30))
    payment = services.payment_register(
        organisation=org,
        customer=customer,
        date=late.due_date + timedelta(days=60),
        amount=Decimal("171.00"),  # more than the principal with the EUR 40 and interest
        designated=[late],
    )
    (paid,) = PaidCharges.objects.filter(payment=payment)
    out = tmp_path / "history.csv"
    main(["export", "history", "--organisation", str(org.pk), "--out", str(out)])
    with out.open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines))
    [charges] = [r for r in rows if r["record"] == "charges"]
    assert rows[-1] == charges  # after the allocations
    assert (charges["invoice_number"], charges["date"]) == (late.number, str(payment.date))
    assert (charges["amount"], charges["payment_id"]) == (str(paid.amount), str(payment.pk))
    assert charges["allocation_kind"] == charges["step_kind"] == ""
    [allocation] = [r for r in rows if r["record"] == "allocation"]
    assert allocation["amount"] == "121.00"  # the principal; the rest is the customer's credit
