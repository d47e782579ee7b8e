"""A message waiting for approval or a call lists each of its invoices once, with what is open."""

from decimal import Decimal

import pytest

from innen.collection.selectors import message_list_awaiting_approval
from innen.collection.services import message_approve
from innen.dossier.models import Event, EventKind
from tests.web.test_worklist import awaiting_approval

pytestmark = pytest.mark.django_db


def test_a_hand_over_taking_several_steps_of_one_invoice_lists_that_invoice_once(org, today):
    handover = awaiting_approval(org, today)
    assert handover.actions.count() > 1  # the missed reminders are taken with it

    (row,), count = message_list_awaiting_approval(organisation=org)

    assert count == 1
    assert [line.invoice.number for line in row.invoices] == [
        handover.actions.first().invoice.number
    ]
    assert row.open_total == Decimal("121.00")


def test_its_approval_in_the_dossier_names_each_invoice_once(org, today):
    handover = awaiting_approval(org, today)
    message_approve(handover, user=None)

    approved = Event.objects.get(kind=EventKind.MESSAGE_APPROVED)
    assert approved.payload["invoices"] == [handover.actions.first().invoice.number]
