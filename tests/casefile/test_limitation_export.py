"""The dossier export states each invoice's limitation: the last day and what set it (art.
3:307, 3:317 and 3:319 BW), the same as the invoice page."""

import io
import json
import zipfile
from datetime import date

import pytest

from innen.casefile.export import dossier_export_bytes
from innen.collection.models import Action, Message, MessageStatus, PolicyStep, StepKind
from innen.collection.policies import policy_install_defaults
from innen.ledger.limitation import invoice_limitation
from innen.outbox.models import Delivery, DeliveryChannel, DeliveryStatus
from tests import factories

pytestmark = pytest.mark.django_db

DAY = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_art_3_317_the_export_gives_each_invoices_last_day_and_the_demand_that_set_it():
    org = factories.organisation()
    policy_install_defaults(organisation=org)
    customer = factories.customer(org, name="Café De Kroon B.V.")
    invoice = factories.invoice(
        org, customer, number="F-OLD", due=date(2022, 1, 31), issue_date=date(2022, 1, 1)
    )
    step = PolicyStep.objects.filter(
        policy__organisation=org, policy__customer_kind=customer.kind, kind=StepKind.REMINDER
    ).first()
    message = Message.objects.create(
        organisation=org,
        customer=customer,
        step=step,
        kind=step.kind,
        channels=["letter"],
        decided_on=date(2024, 5, 1),
        status=MessageStatus.SENT,
    )
    Action.objects.create(
        organisation=org,
        invoice=invoice,
        step=step,
        message=message,
        kind=step.kind,
        scheduled_on=date(2024, 5, 1),
        decided_on=date(2024, 5, 1),
        open_amount=invoice.total,
    )
    Delivery.objects.create(
        organisation=org,
        message=message,
        channel=DeliveryChannel.LETTER,
        unique_id=f"<{message.pk}@test>",
        status=DeliveryStatus.SENT,
        sent_on=date(2024, 5, 2),
    )
    data, _ = dossier_export_bytes(customer=customer, today=DAY)
    exported = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("dossier.json"))
    [row] = exported["invoices"]
    assert row["limitation"] == {
        "years": 5,
        "kind": "general",
        "assumed": False,
        "last_day": "2029-05-02",
        "barred_from": "2029-05-03",
        "set_by": "demand",
        "set_on": "2024-05-02",
        "interruptions": ["2024-05-02"],
    }
    assert invoice_limitation(invoice).last_day == date(2029, 5, 2)  # as the invoice page
