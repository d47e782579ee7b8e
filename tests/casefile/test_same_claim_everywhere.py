"""A letter, the portal, the API, the desk and the dossier export give the same claim for the
same day: one function computes it (`innen.outbox.invoice_claim`, on `demanded_on`)."""

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from innen.api.tokens import api_token_create
from innen.casefile.export import dossier_export_bytes
from innen.collection.models import Message
from innen.outbox.compose import compose_letter
from innen.outbox.invoice_claim import invoice_claim
from innen.outbox.links import portal_token
from innen.outbox.waivers import waive_charges
from tests import factories
from tests.claim_letters import demand_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(org, today):
    customer = factories.customer(org, name="Bob B.V.")
    invoice = factories.invoice(
        org,
        customer,
        total="1210.00",
        due=today - timedelta(days=75),
        issue_date=today - timedelta(days=105),
    )
    demand_letter(org, customer, [invoice], decided_on=today)
    return invoice


def figures(client, org, invoice, today):
    """(principal, interest, costs, total) as the letter, portal, API, desk and export give them."""
    letter = compose_letter(Message.objects.get(), on=today, channel="letter")
    if letter.claim is None:  # nothing claimed on top: the letter asks the open amounts
        from_letter = (letter.total_open, 0, 0, letter.total_open)
    else:
        claimed = letter.claim
        costs = claimed.total - claimed.principal - claimed.interest
        from_letter = (claimed.principal, claimed.interest, costs, claimed.total)

    owed = client.get(reverse("portal", args=[portal_token(org.pk, invoice.customer_id)])).context[
        "owed"
    ]
    from_portal = (owed.principal, owed.interest, owed.costs, owed.total)

    secret = api_token_create(organisation=org, name="bi", scope="read").secret
    body = client.get(
        f"/api/invoices/{invoice.pk}",
        {"on": today.isoformat()},
        headers={"Authorization": f"Bearer {secret}"},
    ).json()
    from_api = tuple(
        Decimal(body[key]) for key in ("open_amount", "interest", "collection_costs", "claim_total")
    )

    claim = invoice_claim(invoice, today)
    from_desk = (claim.principal, claim.interest, claim.collection_costs, claim.claim_total)

    data, _ = dossier_export_bytes(customer=invoice.customer, today=today)
    dossier = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("dossier.json"))
    exported = dossier["demanded"]
    from_export = tuple(
        Decimal(exported[key]) for key in ("principal", "interest", "costs", "total")
    )
    [own] = [i["claim"] for i in dossier["invoices"]]
    from_invoice = tuple(
        Decimal(own[key]) for key in ("principal", "interest", "collection_costs", "claim_total")
    )
    assert from_letter == from_portal == from_api == from_desk == from_export == from_invoice
    return from_letter


def test_the_letter_portal_api_desk_and_export_give_the_same_claim(client, org, invoice, today):
    principal, interest, costs, total = figures(client, org, invoice, today)
    assert principal == Decimal("1210.00") and interest > 0 and costs > 0
    assert total == principal + interest + costs


def test_a_waiver_leaves_the_charges_out_everywhere(client, org, owner, invoice, today):
    waive_charges(invoice, interest=True, costs=True, reason="goodwill", user=owner, today=today)
    assert figures(client, org, invoice, today)[1:] == (0, 0, Decimal("1210.00"))
