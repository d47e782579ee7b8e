"""A forgetful customer's recommended ladder sends a friendly reminder: its own warm words
(an organisation may replace them like any other text), and never a demand that could make
collection costs due (`innen.law.demands`, `innen.outbox.consumer_costs.sent_demands`)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from innen.collection.behaviour import behaviours_store
from innen.collection.behaviour_variants import recommended_policies_install
from innen.collection.experiment import experiment_start
from innen.collection.models import ExperimentGroup, Message, MessageStatus
from innen.collection.run import run_collection
from innen.letters.templating import render_texts
from innen.outbox.compose import compose_letter, template_for
from innen.outbox.consumer_costs import sent_demands
from innen.outbox.models import MessageTemplate
from innen.risk.segments import Behaviour, Segment
from innen.translatable import say
from tests import factories

pytestmark = pytest.mark.django_db

FORGETFUL = Segment(Behaviour.FORGETFUL, say("pays soon after a reminder"))
WARM = "Misschien is het aan uw aandacht ontsnapt"


def forgetful_customers(org, today, *, kind="business", control=(False, True)):
    """Forgetful customers with an invoice due a week ago, one per `control` flag, after
    today's run with the experiment on (each in the group its flag says)."""
    recommended_policies_install(org, today)
    customers = []
    for _ in control:
        customer = factories.customer(org, kind=kind)
        due = today - timedelta(days=7)
        factories.invoice(org, customer, issue_date=due - timedelta(days=30), due=due)
        customers.append(customer)
    behaviours_store(org, today, {customer.pk: FORGETFUL for customer in customers})
    experiment_start(org, today)
    for customer, in_control in zip(customers, control, strict=True):
        ExperimentGroup.objects.filter(customer=customer).update(control=in_control)
    run_collection(org, today)
    return customers


def letter_text(message, today):
    letter = compose_letter(message, on=today, channel="email")
    texts = render_texts(template_for(message.organisation, message.kind, "nl"), letter)
    return texts.subject + "\n" + texts.body


def test_the_variant_s_reminder_says_the_friendly_text_and_the_plain_policy_s_does_not(org, today):
    treated, control = forgetful_customers(org, today)
    friendly = Message.objects.get(customer=treated)
    plain = Message.objects.get(customer=control)
    assert (friendly.kind, plain.kind) == ("friendly_reminder", "reminder")
    assert WARM in letter_text(friendly, today)
    assert WARM not in letter_text(plain, today)


def test_an_organisation_words_its_friendly_reminder_itself(org, today):
    (treated,) = forgetful_customers(org, today, control=(False,))
    MessageTemplate.objects.create(
        organisation=org,
        kind="friendly_reminder",
        language="nl",
        subject="Even een seintje",
        body="Beste klant, vergeten te betalen?",
    )
    text = letter_text(Message.objects.get(customer=treated), today)
    assert "vergeten te betalen?" in text and WARM not in text


@pytest.mark.parametrize("kind", ["business", "consumer"])
def test_a_sent_friendly_reminder_is_no_demand_for_the_collection_costs(org, today, kind):
    (treated,) = forgetful_customers(org, today, kind=kind, control=(False,))
    message = Message.objects.get(customer=treated)
    assert message.kind == "friendly_reminder"
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENT)
    invoices = list(message.actions.values_list("invoice_id", flat=True))
    assert invoices
    assert sent_demands(invoices, consumer=kind == "consumer") == []
