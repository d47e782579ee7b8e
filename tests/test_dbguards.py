"""The database keeps every row with its organisation's rows (issue 20, item 5).

A superuser could move an invoice to another organisation at /admin/, and the other
organisation then saw the first one's customer. Now no write of any kind (a model's save,
`update()`, `bulk_create`, a many-to-many add, raw SQL) puts a row next to another
organisation's rows, or moves a row to another organisation: the triggers of `innen.dbguards`
refuse it on SQLite and PostgreSQL alike.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import IntegrityError, connection, models, transaction

from innen.arrangements.models import Dispute, DisputeAnswer, PaymentPlan, PlanInstalment, Promise
from innen.banking.models import BankAccount, BankEntry, StatementImport
from innen.collection.models import (
    Action,
    CustomerCollection,
    Hold,
    HoldReason,
    InvoiceExclusion,
    Message,
    MessageStatus,
    Policy,
    PolicyStep,
)
from innen.collection.policies import policy_install_defaults
from innen.dbguards import install
from innen.insights.models import PaymentHabit, Snapshot
from innen.ledger.models import (
    Allocation,
    AllocationKind,
    CreditNote,
    Customer,
    Invoice,
    Payment,
)
from innen.ledger.services import payment_register
from tests import factories

pytestmark = pytest.mark.django_db

DAY = date(2026, 2, 2)
GUARDED_APPS = (
    "ledger",
    "collection",
    "banking",
    "arrangements",
    "dossier",
    "connections",
    "webhooks",
    "insights",
    "portal",
)


class World:
    """Two organisations, each with a customer, an invoice, a payment, a policy, an account."""

    def __init__(self) -> None:
        self.mine = factories.organisation("Alice B.V.")
        self.theirs = factories.organisation("Mallory B.V.")
        for org in (self.mine, self.theirs):
            policy_install_defaults(organisation=org)
        self.customer = factories.customer(self.mine)
        self.their_customer = factories.customer(self.theirs)
        self.invoice = factories.invoice(self.mine, self.customer)
        self.their_invoice = factories.invoice(self.theirs, self.their_customer)
        self.their_payment = payment_register(
            organisation=self.theirs, customer=self.their_customer, date=DAY, amount=Decimal(5)
        )
        self.their_policy = Policy.objects.filter(organisation=self.theirs).first()
        self.their_account = BankAccount.objects.create(
            organisation=self.theirs, iban="NL91ABNA0417164300"
        )

    def step(self, org):
        return Policy.objects.filter(organisation=org).first().steps.first()

    def message(self, **fields):
        values = {
            "organisation": self.mine,
            "customer": self.customer,
            "step": self.step(self.mine),
            "kind": "reminder",
            "decided_on": DAY,
            "status": MessageStatus.QUEUED,
        }
        return Message.objects.create(**{**values, **fields})


@pytest.fixture
def world():
    return World()


def invoice_moved(w):
    Invoice.objects.filter(pk=w.invoice.pk).update(organisation=w.theirs)


def invoice_moved_by_saving_it(w):
    # What the admin's change form did.
    w.invoice.organisation = w.theirs
    w.invoice.total = Decimal("1.00")
    w.invoice.save()


def invoice_given_their_customer(w):
    Invoice.objects.filter(pk=w.invoice.pk).update(customer=w.their_customer)


def invoices_created_in_bulk_for_their_customer(w):
    invoice = Invoice(
        organisation=w.mine,
        customer=w.their_customer,
        number="X-1",
        issue_date=DAY,
        due_date=DAY,
        amount_excl_vat=Decimal(1),
        total=Decimal(1),
    )
    invoice.set_outstanding()
    Invoice.objects.bulk_create([invoice])


def customer_moved(w):
    Customer.objects.filter(pk=w.customer.pk).update(organisation=w.theirs)


def credit_note_on_their_invoice(w):
    CreditNote.objects.create(
        organisation=w.mine,
        customer=w.customer,
        invoice=w.their_invoice,
        number="C-1",
        issue_date=DAY,
        amount_excl_vat=Decimal(1),
        total=Decimal(1),
    )


def payment_from_their_customer(w):
    Payment.objects.create(
        organisation=w.mine, customer=w.their_customer, date=DAY, amount=Decimal(1)
    )


def allocation_to_their_invoice(w):
    Allocation.objects.create(
        organisation=w.mine,
        invoice=w.their_invoice,
        kind=AllocationKind.WRITE_OFF,
        amount=Decimal(1),
        date=DAY,
    )


def allocation_of_their_payment(w):
    Allocation.objects.create(
        organisation=w.mine,
        invoice=w.invoice,
        kind=AllocationKind.PAYMENT,
        payment=w.their_payment,
        amount=Decimal(1),
        date=DAY,
    )


def hold_on_their_invoice(w):
    Hold.objects.create(
        organisation=w.mine,
        customer=w.customer,
        invoice=w.their_invoice,
        reason=HoldReason.MANUAL,
        starts_on=DAY,
    )


def message_to_their_customer(w):
    w.message(customer=w.their_customer)


def message_at_their_policy_step(w):
    w.message(step=w.step(w.theirs))


def action_on_their_invoice(w):
    Action.objects.create(
        organisation=w.mine,
        invoice=w.their_invoice,
        step=w.step(w.mine),
        message=w.message(),
        kind="reminder",
        scheduled_on=DAY,
        decided_on=DAY,
        open_amount=Decimal(1),
    )


def customer_given_their_policy(w):
    CustomerCollection.objects.create(
        organisation=w.mine, customer=w.customer, policy=w.their_policy
    )


def step_added_to_their_policy(w):
    PolicyStep.objects.bulk_create(
        [PolicyStep(organisation=w.mine, policy=w.their_policy, position=99, offset_days=1)]
    )


def exclusion_of_their_invoice(w):
    InvoiceExclusion.objects.create(organisation=w.mine, invoice=w.their_invoice)


def _bank_entry(w, account=None):
    mine = BankAccount.objects.create(organisation=w.mine, iban="NL91ABNA0417164300")
    statement = StatementImport.objects.create(
        organisation=w.mine,
        account=mine,
        file_name="nov.xml",
        file_sha256="0" * 64,
        format="camt",
        entries=1,
        imported=1,
        duplicates=0,
    )
    return BankEntry.objects.create(
        organisation=w.mine,
        account=account or mine,
        statement_import=statement,
        identity="ref:1",
        number=1,
        booking_date=DAY,
        amount=Decimal(1),
    )


def bank_entry_on_their_account(w):
    _bank_entry(w, w.their_account)


def bank_entry_matched_later_to_their_payment(w):
    # An update checks the reference it changes (matching sets the payment of a stored line).
    entry = _bank_entry(w)
    BankEntry.objects.filter(pk=entry.pk).update(payment=w.their_payment)


def promise_covering_their_invoice(w):
    promise = Promise.objects.create(
        organisation=w.mine, customer=w.customer, promised_on=DAY, made_on=DAY
    )
    promise.invoices.add(w.their_invoice, through_defaults={"organisation": w.mine})


def instalment_of_their_plan(w):
    plan = PaymentPlan.objects.create(
        organisation=w.theirs,
        customer=w.their_customer,
        months=2,
        total=Decimal(10),
        proposed_on=DAY,
        status="active",
    )
    PlanInstalment.objects.bulk_create(
        [PlanInstalment(organisation=w.mine, plan=plan, number=1, due_on=DAY, amount=Decimal(5))]
    )


def answer_to_their_dispute(w):
    dispute = Dispute.objects.create(
        organisation=w.theirs, customer=w.their_customer, reason="other", message="?", opened_on=DAY
    )
    DisputeAnswer.objects.create(organisation=w.mine, dispute=dispute, text="!", answered_on=DAY)


def habit_of_their_customer(w):
    snapshot = Snapshot.objects.create(organisation=w.mine, taken_on=DAY)
    PaymentHabit.objects.create(
        organisation=w.mine, snapshot=snapshot, customer=w.their_customer, late_days=3
    )


def raw_sql_moving_an_invoice(w):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Invoice._meta.db_table} SET organisation_id = %s WHERE id = %s",
            [w.theirs.pk, w.invoice.pk],
        )


CROSSINGS = [
    invoice_moved,
    invoice_moved_by_saving_it,
    invoice_given_their_customer,
    invoices_created_in_bulk_for_their_customer,
    customer_moved,
    credit_note_on_their_invoice,
    payment_from_their_customer,
    allocation_to_their_invoice,
    allocation_of_their_payment,
    hold_on_their_invoice,
    message_to_their_customer,
    message_at_their_policy_step,
    action_on_their_invoice,
    customer_given_their_policy,
    step_added_to_their_policy,
    exclusion_of_their_invoice,
    bank_entry_on_their_account,
    bank_entry_matched_later_to_their_payment,
    promise_covering_their_invoice,
    instalment_of_their_plan,
    answer_to_their_dispute,
    habit_of_their_customer,
    raw_sql_moving_an_invoice,
]


@pytest.mark.parametrize("crossing", CROSSINGS, ids=[c.__name__ for c in CROSSINGS])
def test_the_database_refuses_a_row_beside_another_organisations(world, crossing):
    with pytest.raises(IntegrityError), transaction.atomic():
        crossing(world)
    assert Invoice.objects.get(pk=world.invoice.pk).organisation == world.mine


def test_an_organisation_still_writes_its_own_rows(world):
    invoice = Invoice.objects.get(pk=world.invoice.pk)
    invoice.total = Decimal("242.00")
    invoice.save()
    payment_register(organisation=world.mine, customer=world.customer, date=DAY, amount=Decimal(10))
    Promise.objects.create(
        organisation=world.mine, customer=world.customer, promised_on=DAY, made_on=DAY
    ).invoices.add(invoice, through_defaults={"organisation": world.mine})
    assert Allocation.objects.filter(organisation=world.mine).count() == 1


def _guarded_tables():
    from innen.arrangements.guards import GUARDS as arrangements
    from innen.banking.guards import GUARDS as banking
    from innen.collection.guards import GUARDS as collection
    from innen.connections.guards import GUARDS as connections
    from innen.dossier.guards import GUARDS as dossier
    from innen.insights.guards import GUARDS as insights
    from innen.ledger.guards import GUARDS as ledger
    from innen.portal.guards import GUARDS as portal
    from innen.webhooks.guards import GUARDS as webhooks

    every = [*ledger, *collection, *banking, *arrangements, *dossier, *connections]
    return {guard.table for guard in [*every, *webhooks, *insights, *portal]}


def _owned(model):
    return any(field.name == "organisation" for field in model._meta.get_fields())


def test_every_organisations_row_and_link_is_guarded():
    guarded = _guarded_tables()
    for label in GUARDED_APPS:
        for model in apps.get_app_config(label).get_models():
            if _owned(model):
                assert model._meta.db_table in guarded, model.__name__
            for field in model._meta.many_to_many:
                assert isinstance(field, models.ManyToManyField)
                if _owned(model) and _owned(field.related_model):
                    assert field.remote_field.through._meta.db_table in guarded, field


def test_installing_again_keeps_one_set_of_guards():
    from innen.ledger.guards import GUARDS

    install(GUARDS, connection)
    install(GUARDS, connection)
    world = World()
    with pytest.raises(IntegrityError), transaction.atomic():
        invoice_moved(world)


@pytest.mark.django_db(transaction=True)
def test_a_migration_may_rebuild_a_guarded_table_and_the_guards_come_back():
    # On SQLite most field changes rebuild the table (create, copy, drop, rename), which
    # fails while a trigger on another table names it: the guards step aside and return.
    emit_pre_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    old = Customer._meta.get_field("name")
    wider = models.CharField(max_length=201)
    wider.set_attributes_from_name("name")
    wider.model = Customer
    with connection.schema_editor() as editor:
        editor.alter_field(Customer, old, wider)
        editor.alter_field(Customer, wider, old)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    world = World()
    with pytest.raises(IntegrityError), transaction.atomic():
        invoice_given_their_customer(world)
