"""The worklist and dashboard kept per person until their organisation changes
(innen.web.kept_pages): asked again, the same page; after any change, the change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innen.banking.models import BankEntry
from innen.collection.models import Message
from tests.personas import member
from tests.web.test_worklist import bank_line_to_review, call_task, overdue_invoice

pytestmark = pytest.mark.django_db

WORKLIST = "/worklist/"


def looked_at_twice(client, path=WORKLIST):
    """The first look gets the sign-in's CSRF cookie, the second makes the kept page."""
    client.get(path)
    return client.get(path)


def queries_of(client, path=WORKLIST):
    with CaptureQueriesContext(connection) as seen:
        response = client.get(path)
    assert response.status_code == 200
    return response, [query["sql"] for query in seen.captured_queries]


@pytest.mark.parametrize("path", [WORKLIST, "/dashboard/"])
def test_asked_again_the_same_page_comes_kept_without_reading_the_ledger(
    controller_client, org, today, path
):
    call_task(org, today)
    made = looked_at_twice(controller_client, path)
    kept, queries = queries_of(controller_client, path)
    assert kept.content == made.content
    assert not [sql for sql in queries if "collection_message" in sql or "ledger_" in sql]


def test_after_the_daily_run_the_worklist_shows_its_calls_at_once(controller_client, org, today):
    before = looked_at_twice(controller_client).content.decode()
    invoice, _call = call_task(org, today)  # the run writes its messages in bulk
    assert invoice.customer.name not in before
    assert invoice.customer.name in controller_client.get(WORKLIST).content.decode()


def test_a_recorded_call_leaves_the_kept_worklist_and_its_notice_shows_once(
    controller_client, org, today
):
    _invoice, call = call_task(org, today)
    assert f"call-{call.pk}" in looked_at_twice(controller_client).content.decode()
    controller_client.post(reverse("worklist-call-outcome", args=[call.pk]), {"outcome": "reached"})
    after = controller_client.get(WORKLIST).content.decode()
    assert f'id="call-{call.pk}"' not in after
    assert "vastgelegd" in after  # "Gesprek met ... vastgelegd": the notice, once
    assert "vastgelegd" not in controller_client.get(WORKLIST).content.decode()


def test_a_write_beneath_the_orm_in_a_request_forgets_the_kept_pages(controller_client, org, today):
    _, call = call_task(org, today)
    looked_at_twice(controller_client)
    Message.objects.filter(pk=call.pk).update(is_call_task=False)  # sends no signal
    assert f'id="call-{call.pk}"' in controller_client.get(WORKLIST).content.decode()
    controller_client.post(reverse("worklist-messages-decide"), {})  # any write request
    assert f'id="call-{call.pk}"' not in controller_client.get(WORKLIST).content.decode()


def test_a_row_saved_for_the_organisation_shows_on_the_next_look(controller_client, org, today):
    looked_at_twice(controller_client)
    entry = bank_line_to_review(org, today, name="Nieuwe Betaler")
    assert isinstance(entry, BankEntry)
    assert "Nieuwe Betaler" in controller_client.get(WORKLIST).content.decode()


def test_another_member_never_gets_a_page_kept_for_someone_else(controller_client, org, today):
    overdue_invoice(org, today, 40)
    looked_at_twice(controller_client)
    reader = Client()
    reader.force_login(member(org, "vera", "viewer"))
    page = looked_at_twice(reader).content.decode()
    assert "vera" in page and "carla" not in page


def test_another_day_is_another_page(controller_client, org, today, time_machine):
    looked_at_twice(controller_client)
    time_machine.move_to(today + timedelta(days=1))
    _response, queries = queries_of(controller_client)
    assert [sql for sql in queries if "collection_message" in sql]


def test_keeping_pages_costs_no_delete_its_fast_path():
    from django.db.models.signals import post_delete, pre_delete

    # A listener for a model's deletes makes Django load every row a cascade deletes.
    assert not pre_delete.has_listeners(BankEntry)
    assert not post_delete.has_listeners(BankEntry)


def test_a_new_organisation_name_shows_on_the_kept_worklist_at_once(controller_client, org):
    looked_at_twice(controller_client)
    org.name = "Hernoemd B.V."
    org.save()
    assert "Hernoemd B.V." in controller_client.get(WORKLIST).content.decode()
