"""One claim for the same day, the same everywhere (issue 23): a letter's claim lines, the
portal's amount, the API's JSON and the dossier export's JSON (its `claim`, its `demanded`
and each invoice's own `claim`) all come from `innen.outbox.claim_on`.

A business owes €40 per invoice from default (art. 6:96 lid 4 BW) and commercial interest
from the day after the due date (art. 6:119a BW), with or without a letter; the scale only
from a written demand that went out. A consumer owes statutory interest from default
(art. 6:119 BW) and costs only on what a 14-day letter named, once its term ran unpaid
(art. 6:96 lid 6 BW).
"""

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from innen.api.tokens import api_token_create
from innen.casefile.export import dossier_export_bytes
from innen.collection.models import MessageStatus, StepKind
from innen.ledger.models import CustomerKind
from innen.outbox.compose import compose_letter
from innen.outbox.links import portal_token
from innen.outbox.models import DeliveryChannel
from tests import factories
from tests.casefile.test_consumer_costs import fourteen_day_letter, message

pytestmark = pytest.mark.django_db

D = Decimal
FIGURES = ("principal", "interest", "costs", "total")


def overdue(org, customer, total, today, *, days):
    due = today - timedelta(days=days)
    return factories.invoice(
        org, customer, total=total, due=due, issue_date=due - timedelta(days=30)
    )


def from_letter(letter_message, day):
    claim = compose_letter(letter_message, on=day, channel="letter").claim
    assert claim is not None
    costs = claim.total - claim.principal - claim.interest
    return claim.principal, claim.interest, costs, claim.total


def from_portal(client, org, customer):
    owed = client.get(reverse("portal", args=[portal_token(org.pk, customer.pk)])).context["owed"]
    return owed.principal, owed.interest, owed.costs, owed.total


def from_api(client, org, invoice, day):
    secret = api_token_create(organisation=org, name="bi", scope="read").secret
    body = client.get(
        f"/api/invoices/{invoice.pk}",
        {"on": day.isoformat()},
        headers={"Authorization": f"Bearer {secret}"},
    ).json()
    keys = ("open_amount", "interest", "collection_costs", "claim_total")
    return tuple(D(body[key]) for key in keys)


def from_export(customer, day):
    """(the export's `claim`, its `demanded`, the invoice's own `claim`) as figures."""
    data, _ = dossier_export_bytes(customer=customer, today=day)
    dossier = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("dossier.json"))
    claim = dossier["claim"]
    demanded = dossier["demanded"]
    [own] = [i["claim"] for i in dossier["invoices"]]
    return (
        tuple(D(claim[k]) for k in ("principal", "interest", "collection_costs", "total")),
        tuple(D(demanded[k]) for k in FIGURES),
        tuple(D(own[k]) for k in ("principal", "interest", "collection_costs", "claim_total")),
    )


def the_same_everywhere(client, org, invoice, day, letter_message=None):
    figures = [from_portal(client, org, invoice.customer), from_api(client, org, invoice, day)]
    figures += from_export(invoice.customer, day)
    if letter_message is not None:
        figures.append(from_letter(letter_message, day))
    assert all(f == figures[0] for f in figures), figures
    return figures[0]


def test_a_business_invoice_in_default_owes_40_and_commercial_interest_everywhere_without_a_letter(
    client, org, today
):
    customer = factories.customer(org, name="Bob B.V.")
    invoice = factories.invoice(
        org,
        customer,
        total="1210.00",
        due=today - timedelta(days=45),
        issue_date=today - timedelta(days=75),
    )
    principal, interest, costs, total = the_same_everywhere(client, org, invoice, today)
    assert (principal, costs) == (D("1210.00"), D("40.00"))  # art. 6:96 lid 4 BW
    # art. 6:119a BW: 45 days of commercial interest on 1,210.00, at least 8% a year
    assert interest >= (D("1210.00") * D("0.08") * 45 / 365).quantize(D("0.01"))
    assert total == principal + interest + costs


def test_a_business_owes_the_scale_from_its_written_demand_in_the_letter_and_everywhere(
    client, org, today
):
    customer = factories.customer(org, name="Bob B.V.")
    invoice = factories.invoice(
        org,
        customer,
        total="1210.00",
        due=today - timedelta(days=45),
        issue_date=today - timedelta(days=75),
    )
    demand = message(
        org,
        customer,
        StepKind.INGEBREKESTELLING,
        invoice,
        decided_on=today,
        status=MessageStatus.SENT,
    )
    _, interest, costs, _ = the_same_everywhere(client, org, invoice, today, demand)
    assert costs == D("181.50") and interest > 0  # 15% of 1,210.00 (Besluit BIK art. 2)


def test_a_consumer_owes_statutory_interest_from_default_and_costs_after_the_14_day_letter(
    client, org, today
):
    customer = factories.customer(org, kind=CustomerKind.CONSUMER, name="J. Jansen")
    invoice = factories.invoice(
        org,
        customer,
        total="450.00",
        due=today - timedelta(days=60),
        issue_date=today - timedelta(days=90),
    )
    # before any letter: interest, but no costs (art. 6:96 lid 6 BW)
    _, interest, costs, _ = the_same_everywhere(client, org, invoice, today)
    assert interest > 0 and costs == 0

    sent = today - timedelta(days=30)
    fourteen_day_letter(
        org,
        customer,
        invoice,
        pay_before=sent + timedelta(days=16),
        sent=[(sent, DeliveryChannel.LETTER)],
    )
    handover = message(
        org, customer, StepKind.HANDOVER, invoice, decided_on=today, status=MessageStatus.SENT
    )
    principal, interest, costs, total = the_same_everywhere(client, org, invoice, today, handover)
    assert (principal, costs) == (D("450.00"), D("67.50"))  # 15% of 450.00, the letter's term ran
    assert total == principal + interest + costs
