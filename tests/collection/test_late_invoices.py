"""Invoices imported already overdue into a running organisation start their ladder calmly.

The issue's case: a small business imports nine overdue invoices. Each new customer gets at
most one message that day, none is a late pre-due notice, and the steps whose moment passed
before innen knew the invoice are recorded as skipped, with that reason.
"""

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from innen.collection.explain import explain_invoice
from innen.collection.forecast import forecast
from innen.collection.models import Action, ActionStatus, Message
from innen.daily import run_day
from innen.dunning.timing import BEFORE_KNOWN
from innen.ledger import importing
from innen.ledger.models import CustomerKind, Invoice
from tests import factories
from tests.collection.ladders import collecting_organisation

pytestmark = pytest.mark.django_db

IMPORT_DAY = date(2026, 12, 3)  # a Thursday
IMPORTED_AT = datetime(2026, 12, 3, 10, 15, tzinfo=ZoneInfo("Europe/Amsterdam"))
HEADER = "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag excl btw;btw;totaal"
# Nine overdue invoices of four new customers; the consumer's ladders passed up to the
# 14-day letter (due 20 October: every step but the hand-over's moment has passed).
NINE = [
    ("V1", "P1", "2026-09-20", "2026-10-20"),
    ("V2", "P1", "2026-10-01", "2026-10-31"),
    ("V3", "P1", "2026-11-01", "2026-12-01"),
    ("V4", "B1", "2026-08-01", "2026-08-31"),
    ("V5", "B1", "2026-10-15", "2026-11-14"),
    ("V6", "B2", "2026-10-20", "2026-11-19"),
    ("V7", "B2", "2026-11-01", "2026-11-24"),
    ("V8", "B3", "2026-09-01", "2026-10-01"),
    ("V9", "B3", "2026-11-10", "2026-11-30"),
]


@pytest.fixture
def org():
    return collecting_organisation()


def _import_the_nine(org):
    factories.customer(org, number="P1", kind=CustomerKind.CONSUMER, name="M. de Vries")
    for number in ("B1", "B2", "B3"):
        factories.customer(org, number=number, name=f"Klant {number} B.V.")
    lines = [f"{n};{c};{issued};{due};100,00;21,00;121,00" for n, c, issued, due in NINE]
    report = importing.import_invoices(organisation=org, data="\n".join([HEADER, *lines]).encode())
    assert not report.errors, report.errors
    # innen knew them from the moment they were imported (the test clock is fixed).
    Invoice.objects.filter(organisation=org, number__in=[n for n, *_ in NINE]).update(
        created_at=IMPORTED_AT
    )


def test_nine_overdue_invoices_imported_into_a_running_organisation_start_calmly(org):
    # a customer innen has known for months follows its ladder as before
    old_customer = factories.customer(org)
    old = factories.invoice(org, old_customer, due=date(2026, 11, 3))
    Invoice.objects.filter(pk=old.pk).update(
        created_at=datetime(2026, 10, 1, tzinfo=ZoneInfo("UTC"))
    )
    run_day(org, date(2026, 11, 10))
    _import_the_nine(org)

    run_day(org, IMPORT_DAY)

    new = Action.objects.filter(
        organisation=org, invoice__number__in=[n for n, *_ in NINE], decided_on=IMPORT_DAY
    ).select_related("step", "invoice__customer")
    messages = Counter(
        Message.objects.filter(organisation=org, decided_on=IMPORT_DAY).values_list(
            "customer__number", flat=True
        )
    )
    for number in ("P1", "B1", "B2", "B3"):
        assert messages[number] <= 1, number
    active = [a for a in new if a.status == ActionStatus.ACTIVE]
    assert {a.step.kind for a in active} == {"reminder"}
    assert all(a.scheduled_on == IMPORT_DAY for a in active)
    assert Counter(a.invoice.number for a in active) == Counter(
        # every invoice whose reminder moment had passed starts with one; V3 and V9 (due 1
        # December and 30 November) wait for their reminders on 8 and 7 December
        ["V1", "V2", "V4", "V5", "V6", "V7", "V8"]
    )
    skipped = [a for a in new if a.status == ActionStatus.SKIPPED]
    assert skipped and all(a.reason == BEFORE_KNOWN for a in skipped)
    assert {a.step.kind for a in skipped} == {"pre_due_notice"}
    assert len(skipped) == 9  # every pre-due notice's moment passed before the import
    # the old customer's ladder went on as before
    assert not Action.objects.filter(invoice=old, status=ActionStatus.SKIPPED).exists()


def test_the_steps_after_the_start_keep_their_spacing_from_the_day_it_went_out(org):
    _import_the_nine(org)
    run_day(org, IMPORT_DAY)
    run_day(org, IMPORT_DAY + timedelta(days=7))
    calls = Action.objects.filter(
        organisation=org, step__kind="call_task", decided_on=IMPORT_DAY + timedelta(days=7)
    )
    # the calls come 7 days after the reminders, as on the ladder: Thursday 10 December
    assert calls.count() == 7
    assert set(calls.values_list("scheduled_on", flat=True)) == {date(2026, 12, 10)}


def test_forecast_and_explain_show_the_skipped_steps_and_the_start(org):
    _import_the_nine(org)
    today = forecast(org, IMPORT_DAY, 14)[0]
    assert (today.late_starts, today.skipped_before_known) == (7, 9)
    invoice = Invoice.objects.get(organisation=org, number="V1")
    text = "\n".join(explain_invoice(invoice, IMPORT_DAY))
    assert f"Known to innen since {IMPORT_DAY}" in text
    assert "2026-10-17: skipped (before innen knew this invoice)" in text
    assert "[Reminder] 2026-12-03: due now" in text
    assert "starts here" in text
