"""Dossier events are never changed or deleted: not in bulk, not by SQL (issue 20, item 13).

One by one, `Event.save` and `Event.delete` refused already; `update()` and `delete()` on a
queryset did not. The database refuses too: on both, an UPDATE of an event and a head that
moves back; on PostgreSQL also deleting an event or a head while its organisation exists
(checked at commit, so deleting the organisation takes its dossier with it).
"""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from innen.dossier.models import DossierHead, Event, EventKind, ExportedHead
from innen.dossier.record import NewEvent, append
from tests import factories

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite: Django empties tables with DELETE between tests, so no delete trigger",
)


@pytest.fixture
def org():
    return factories.organisation()


@pytest.fixture
def events(org):
    # Its creation is the customer's first event: seq 1; the notes are 2 and 3.
    customer = factories.customer(org)
    notes = [
        NewEvent(EventKind.NOTE, DAY, customer_id=customer.pk, payload={"n": n}) for n in (1, 2)
    ]
    return append(org.pk, notes)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def commit_checks():
    """What PostgreSQL checks at commit, now (the test's transaction never commits)."""
    sql("SET CONSTRAINTS ALL IMMEDIATE")


def test_events_cannot_be_updated_in_bulk(events):
    with pytest.raises(ValueError, match="never changed"):
        Event.objects.filter(pk=events[0].pk).update(actor="mallory")
    with pytest.raises(ValueError, match="never changed"):
        Event.objects.bulk_update([events[0]], ["actor"])
    assert Event.objects.get(pk=events[0].pk).actor == "innen"


def test_events_cannot_be_deleted_in_bulk(events):
    with pytest.raises(ValueError, match="never deleted"):
        Event.objects.all().delete()
    with pytest.raises(ValueError, match="never deleted"):
        Event.objects.filter(pk=events[0].pk).delete()
    assert Event.objects.count() == 3


def test_the_database_refuses_to_update_an_event(events):
    with pytest.raises(IntegrityError), transaction.atomic():
        sql(f"UPDATE {Event._meta.db_table} SET actor = 'mallory' WHERE id = %s", [events[0].pk])
    assert Event.objects.get(pk=events[0].pk).actor == "innen"


def test_the_database_refuses_to_move_a_head_back(org, events):
    with pytest.raises(IntegrityError), transaction.atomic():
        sql(f"UPDATE {DossierHead._meta.db_table} SET seq = 0 WHERE organisation_id = %s", [org.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierHead.objects.filter(organisation=org).update(hash="ab" * 32)
    assert DossierHead.objects.get(organisation=org).seq == 3


def test_the_database_refuses_to_move_an_exported_head_back(org, events):
    ExportedHead.objects.create(organisation=org, seq=2, hash=events[1].hash, exported_on=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportedHead.objects.filter(organisation=org).update(seq=1)


def test_appending_still_moves_the_head_forward(org, events):
    [third] = append(org.pk, [NewEvent(EventKind.NOTE, DAY, payload={"n": 3})])
    assert DossierHead.objects.get(organisation=org).seq == third.seq == 4


@postgresql_only
def test_postgresql_refuses_to_delete_an_event_of_an_organisation_that_exists(events):
    with pytest.raises(IntegrityError), transaction.atomic():
        sql(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [events[1].pk])
        commit_checks()


@postgresql_only
def test_postgresql_refuses_to_delete_the_head_of_an_organisation_that_exists(org, events):
    with pytest.raises(IntegrityError), transaction.atomic():
        sql(f"DELETE FROM {DossierHead._meta.db_table} WHERE organisation_id = %s", [org.pk])
        commit_checks()


def test_deleting_an_organisation_takes_its_dossier_with_it(org, events):
    ExportedHead.objects.create(organisation=org, seq=2, hash=events[1].hash, exported_on=DAY)
    org.delete()
    if connection.vendor == "postgresql":
        commit_checks()
    assert not Event.objects.exists() and not DossierHead.objects.exists()
    assert not ExportedHead.objects.exists()
