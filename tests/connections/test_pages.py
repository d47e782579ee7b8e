"""The accounting-package page: an owner connects Moneybird (OAuth or a token), chooses the
administration, sees the sync and disconnects; nobody else gets in."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from innen.connections import sealing
from innen.connections.models import Connection, State, Unmapped
from innen.connections.sync import sync
from innen.connectors.fakes.moneybird_data import seed
from tests.connections.conftest import ADMIN

pytestmark = pytest.mark.django_db


def _queued_syncs() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="sync_connection").count()


@pytest.mark.parametrize("who", ["viewer_client", "controller_client"])
def test_only_an_owner_may_see_or_change_the_connection(request, who):
    client = request.getfixturevalue(who)
    assert client.get(reverse("connections")).status_code == 403
    assert client.post(reverse("connection-moneybird-token"), {"token": "x"}).status_code == 403
    assert not Connection.objects.exists()


def test_an_owner_connects_with_a_personal_token_chooses_and_the_first_sync_starts(
    owner_client, org, moneybird
):
    seed(moneybird.data, ADMIN, 20)
    token = moneybird.data.personal_token()
    owner_client.post(reverse("connection-moneybird-token"), {"token": token})
    connection = Connection.objects.get(organisation=org)
    assert connection.state == State.CHOOSE and token not in connection.sealed_tokens
    page = owner_client.get(reverse("connections"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Bakkerij De Korenschoof" in page and "Welke administratie?" in page
    owner_client.post(reverse("connection-choose"), {"account": ADMIN})
    connection.refresh_from_db()
    assert (connection.state, connection.account_id) == (State.FIRST_SYNC, ADMIN)
    assert _queued_syncs() == 1
    assert moneybird.data.administrations[ADMIN].webhooks  # Moneybird will call innen
    sync(connection)
    page = owner_client.get(reverse("connections"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Bijgewerkt" in page and "Nu bijwerken" in page


def test_an_administration_not_listed_is_refused(owner_client, org, moneybird):
    seed(moneybird.data, ADMIN, 1)
    token = moneybird.data.personal_token()
    owner_client.post(reverse("connection-moneybird-token"), {"token": token})
    owner_client.post(reverse("connection-choose"), {"account": "999"})
    assert Connection.objects.get(organisation=org).state == State.CHOOSE


def test_an_owner_connects_through_moneybirds_sign_in(owner_client, org, moneybird):
    seed(moneybird.data, ADMIN, 1)
    to_moneybird = owner_client.get(reverse("connection-moneybird-connect"))
    assert to_moneybird.status_code == 302
    assert to_moneybird["Location"].startswith(moneybird_authorize(moneybird))
    back = requests.get(to_moneybird["Location"], allow_redirects=False, timeout=5)
    callback = urlsplit(back.headers["Location"])
    owner_client.get(f"{callback.path}?{callback.query}")
    connection = Connection.objects.get(organisation=org)
    assert connection.state == State.CHOOSE
    assert moneybird.data.valid(sealing.unseal(connection.sealed_tokens).access_token)


def moneybird_authorize(fake) -> str:
    from django.conf import settings

    return settings.MONEYBIRD_OAUTH["authorize_url"]


def test_a_callback_without_the_state_innen_sent_connects_nothing(owner_client, org, moneybird):
    owner_client.get(reverse("connection-moneybird-callback") + "?code=1&state=forged")
    assert not Connection.objects.exists()


def test_the_page_lists_what_could_not_be_taken_over(owner_client, org, moneybird):
    seed(moneybird.data, ADMIN, 3)
    admin = moneybird.data.administrations[ADMIN]
    list(admin.invoices.values())[2]["currency"] = "USD"  # one without payments
    owner_client.post(
        reverse("connection-moneybird-token"), {"token": moneybird.data.personal_token()}
    )
    owner_client.post(reverse("connection-choose"), {"account": ADMIN})
    sync(Connection.objects.get(organisation=org))
    assert Unmapped.objects.count() == 1
    page = owner_client.get(reverse("connections"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Niet overgenomen" in page and "USD" in page


def test_disconnecting_deletes_the_tokens(owner_client, org, moneybird):
    seed(moneybird.data, ADMIN, 1)
    owner_client.post(
        reverse("connection-moneybird-token"), {"token": moneybird.data.personal_token()}
    )
    owner_client.post(reverse("connection-choose"), {"account": ADMIN})
    owner_client.post(reverse("connection-disconnect"))
    connection = Connection.objects.get(organisation=org)
    assert connection.sealed_tokens == "" and connection.state == State.OFF


def test_moneybirds_webhook_makes_the_connection_sync_now(owner_client, client, org, moneybird):
    seed(moneybird.data, ADMIN, 1)
    owner_client.post(
        reverse("connection-moneybird-token"), {"token": moneybird.data.personal_token()}
    )
    owner_client.post(reverse("connection-choose"), {"account": ADMIN})
    connection = Connection.objects.get(organisation=org)
    hook = reverse("connection-webhook", args=[connection.webhook_token])
    token = moneybird.data.administrations[ADMIN].webhooks[0]["token"]
    before = _queued_syncs()
    call = {"administration_id": ADMIN, "webhook_token": token}
    sent = client.post(hook, call, content_type="application/json")
    assert sent.status_code == 200 and _queued_syncs() == before + 1
    wrong = client.post(hook, {**call, "administration_id": "1"}, content_type="application/json")
    guessed = client.post(
        reverse("connection-webhook", args=["guess"]), {}, content_type="application/json"
    )
    assert (wrong.status_code, guessed.status_code) == (404, 404)
    assert _queued_syncs() == before + 1


def test_a_webhook_call_without_moneybirds_token_is_refused_and_changes_nothing(
    owner_client, client, org, moneybird
):
    seed(moneybird.data, ADMIN, 1)
    owner_client.post(
        reverse("connection-moneybird-token"), {"token": moneybird.data.personal_token()}
    )
    owner_client.post(reverse("connection-choose"), {"account": ADMIN})
    connection = Connection.objects.get(organisation=org)
    registered = moneybird.data.administrations[ADMIN].webhooks[0]
    assert connection.package_webhook_token == registered["token"]  # kept at registration
    assert connection.package_webhook_token not in connection.webhook_token
    Connection.objects.filter(pk=connection.pk).update(next_try=None)
    hook = reverse("connection-webhook", args=[connection.webhook_token])
    before = _queued_syncs()
    for forged in ({}, {"webhook_token": "guess"}, {"webhook_token": ""}, {"webhook_token": 1}):
        call = {"administration_id": ADMIN, **forged}
        answer = client.post(hook, call, content_type="application/json")
        assert answer.status_code == 403
    assert _queued_syncs() == before
    assert Connection.objects.get(pk=connection.pk).next_try is None


def test_a_webhook_call_with_moneybirds_token_syncs(owner_client, client, org, moneybird):
    seed(moneybird.data, ADMIN, 3)
    owner_client.post(
        reverse("connection-moneybird-token"), {"token": moneybird.data.personal_token()}
    )
    owner_client.post(reverse("connection-choose"), {"account": ADMIN})
    connection = Connection.objects.get(organisation=org)
    hook = moneybird.data.administrations[ADMIN].webhooks[0]
    assert "payment_destroyed" in hook["enabled_events"]
    moneybird.delete_invoice(ADMIN, "2026-00001")  # Moneybird calls innen (not reachable here)
    payload = moneybird.sent_webhooks[-1]["payload"]
    assert payload["action"] == "sales_invoice_destroyed"
    url = reverse("connection-webhook", args=[connection.webhook_token])
    before = _queued_syncs()
    assert client.post(url, payload, content_type="application/json").status_code == 200
    assert _queued_syncs() == before + 1


def test_the_page_says_what_a_record_not_taken_over_waits_for(owner_client, org, moneybird):
    seed(moneybird.data, ADMIN, 1)
    owner_client.post(
        reverse("connection-moneybird-token"), {"token": moneybird.data.personal_token()}
    )
    owner_client.post(reverse("connection-choose"), {"account": ADMIN})
    connection = Connection.objects.get(organisation=org)
    Unmapped.objects.create(
        organisation=org, connection=connection, kind="payment", external_id="p1",
        reason="the invoice it pays is not in innen", waiting_for="invoice:42",
    )  # fmt: skip
    page = owner_client.get(reverse("connections"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Wordt overgenomen zodra factuur 42 binnenkomt." in page
