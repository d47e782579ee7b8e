"""The links of arrangements and online payments to invoices and holds, and a run's batches,
are keyed by organisation (issue 27, item 7), and the database keeps each with its parent's
organisation: a link or batch whose parent is another organisation's is refused, and a link
never moves to another organisation (`innen.dbguards`)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from innen.arrangements.models import Dispute, PaymentPlan, Promise
from innen.collection.models import Hold, HoldReason, Run, RunBatch
from innen.portal.models import OnlinePayment, PortalCode
from tests.test_dbguards import DAY, World

pytestmark = pytest.mark.django_db

ARRANGEMENTS = (Promise, PaymentPlan, Dispute)


@pytest.fixture
def world():
    return World()


def _arrangement(model, org, customer):
    fields = {"organisation": org, "customer": customer}
    if model is Promise:
        return Promise.objects.create(**fields, promised_on=DAY, made_on=DAY)
    if model is PaymentPlan:
        return PaymentPlan.objects.create(
            **fields, months=2, total=Decimal(10), proposed_on=DAY, status="active"
        )
    return Dispute.objects.create(**fields, reason="other", message="?", opened_on=DAY)


def _hold(w):
    return Hold.objects.create(
        organisation=w.mine,
        customer=w.customer,
        invoice=w.invoice,
        reason=HoldReason.DISPUTE,
        starts_on=DAY,
    )


def _online_payment(org, customer, reference):
    return OnlinePayment.objects.create(
        organisation=org,
        customer=customer,
        mollie_id=f"tr_{reference}",
        reference=reference,
        status="open",
        amount=Decimal(5),
    )


LINKS = [(model, field) for model in ARRANGEMENTS for field in ("invoices", "holds")]
LINK_IDS = [f"{model.__name__}.{field}" for model, field in LINKS]


def _linked(w, field):
    return w.invoice if field == "invoices" else _hold(w)


@pytest.mark.parametrize(("model", "field"), LINKS, ids=LINK_IDS)
def test_a_link_to_another_organisations_arrangement_is_refused(world, model, field):
    theirs = _arrangement(model, world.theirs, world.their_customer)
    through = getattr(model, field).through
    owner = model._meta.model_name
    linked = "invoice" if field == "invoices" else "hold"
    row = {"organisation": world.mine, owner: theirs, linked: _linked(world, field)}
    with pytest.raises(IntegrityError), transaction.atomic():
        through.objects.create(**row)


@pytest.mark.parametrize(("model", "field"), LINKS, ids=LINK_IDS)
def test_a_link_never_moves_to_another_organisation(world, model, field):
    mine = _arrangement(model, world.mine, world.customer)
    getattr(mine, field).add(_linked(world, field), through_defaults={"organisation": world.mine})
    links = getattr(model, field).through.objects.all()
    with pytest.raises(IntegrityError), transaction.atomic():
        links.update(organisation=world.theirs)


@pytest.mark.parametrize(("model", "field"), LINKS, ids=LINK_IDS)
def test_a_link_needs_its_organisation(world, model, field):
    mine = _arrangement(model, world.mine, world.customer)
    with pytest.raises(IntegrityError), transaction.atomic():
        getattr(mine, field).add(_linked(world, field))


@pytest.mark.parametrize(("model", "field"), LINKS, ids=LINK_IDS)
def test_an_organisation_still_links_its_own_rows(world, model, field):
    mine = _arrangement(model, world.mine, world.customer)
    linked = _linked(world, field)
    getattr(mine, field).set([linked], through_defaults={"organisation": world.mine})
    assert list(getattr(mine, field).all()) == [linked]
    assert getattr(model, field).through.objects.get().organisation == world.mine


def test_an_online_payments_link_to_another_organisations_payment_is_refused(world):
    theirs = _online_payment(world.theirs, world.their_customer, "theirs")
    with pytest.raises(IntegrityError), transaction.atomic():
        OnlinePayment.invoices.through.objects.create(
            organisation=world.mine, onlinepayment=theirs, invoice=world.invoice
        )


def test_an_online_payment_pays_only_its_organisations_invoices(world):
    mine = _online_payment(world.mine, world.customer, "mine")
    with pytest.raises(IntegrityError), transaction.atomic():
        mine.invoices.add(world.their_invoice, through_defaults={"organisation": world.mine})
    mine.invoices.add(world.invoice, through_defaults={"organisation": world.mine})
    assert list(mine.invoices.all()) == [world.invoice]


def test_an_online_payment_for_another_organisations_customer_is_refused(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        _online_payment(world.mine, world.their_customer, "crossed")


def test_a_portal_code_for_another_organisations_customer_is_refused(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PortalCode.objects.create(
            organisation=world.mine, customer=world.their_customer, nonce="n", code_hash="h"
        )


def test_a_batch_of_another_organisations_run_is_refused(world):
    theirs = Run.objects.create(organisation=world.theirs, run_date=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        RunBatch.objects.bulk_create([RunBatch(organisation=world.mine, run=theirs, number=1)])
    RunBatch.objects.create(organisation=world.theirs, run=theirs, number=1)
    assert theirs.batches.get().organisation == world.theirs
