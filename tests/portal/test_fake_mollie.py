"""The fake Mollie answers as Mollie's documented payments API does (a test double)."""

import subprocess
import sys
import time

import pytest
import requests
from mollie.api.client import Client
from mollie.api.error import NotFoundError, UnauthorizedError, UnprocessableEntityError

from innen.portal.fake_mollie import FakeMollie
from tests.outbox.smtp_server import free_port
from tests.portal.conftest import TEST_KEY

PAYMENT = {
    "amount": {"currency": "EUR", "value": "10.00"},
    "description": "F-1",
    "redirectUrl": "https://shop.example/back",
    "webhookUrl": "https://shop.example/hook",
    "metadata": {"order": 1},
}


def client_for(fake, key=TEST_KEY):
    client = Client(api_endpoint=fake.url)
    client.set_api_key(key)
    return client


def test_the_official_client_creates_and_reads_a_payment():
    with FakeMollie() as fake:
        created = client_for(fake).payments.create(PAYMENT)
        assert created.id.startswith("tr_") and created.status == "open"
        assert created.checkout_url == f"{fake.url}/checkout/{created.id}"
        fetched = client_for(fake).payments.get(created.id)
        assert (fetched.amount, fetched.metadata) == (PAYMENT["amount"], {"order": 1})
        assert not fetched.is_paid()


def test_the_checkout_pays_and_sends_the_customer_back():
    with FakeMollie() as fake:
        created = client_for(fake).payments.create(PAYMENT)
        response = requests.get(created.checkout_url, allow_redirects=False)
        assert response.status_code == 302
        assert response.headers["Location"] == "https://shop.example/back"
        fetched = client_for(fake).payments.get(created.id)
        assert fetched.is_paid() and fetched.method == "ideal"


def test_the_checkout_can_end_a_payment_otherwise():
    with FakeMollie() as fake:
        created = client_for(fake).payments.create(PAYMENT)
        requests.get(f"{created.checkout_url}?status=expired", allow_redirects=False)
        assert client_for(fake).payments.get(created.id).status == "expired"


def test_another_key_does_not_see_the_payment():
    with FakeMollie() as fake:
        created = client_for(fake).payments.create(PAYMENT)
        with pytest.raises(NotFoundError):
            client_for(fake, "test_" + "z" * 30).payments.get(created.id)


def test_a_request_without_a_key_or_amount_is_refused():
    with FakeMollie() as fake:
        response = requests.post(f"{fake.url}/v2/payments", json=PAYMENT)
        assert response.status_code == 401 and response.json()["title"] == "Unauthorized Request"
        with pytest.raises(UnprocessableEntityError):
            client_for(fake).payments.create(
                {**PAYMENT, "amount": {"currency": "EUR", "value": "10"}}
            )
    assert UnauthorizedError  # the client maps 401 to this; the raw answer is checked above


def test_it_calls_the_webhook_when_asked_to(live_server_hook):
    with FakeMollie(call_webhooks=True) as fake:
        created = client_for(fake).payments.create({**PAYMENT, "webhookUrl": live_server_hook.url})
        requests.get(created.checkout_url, allow_redirects=False)
        assert live_server_hook.wait() == f"id={created.id}"


def test_it_runs_as_a_program():
    port = free_port()
    program = subprocess.Popen(
        [sys.executable, "-m", "innen.portal.fake_mollie", "--port", str(port), "--no-webhooks"],
        stdout=subprocess.PIPE,
    )
    try:
        for _ in range(50):
            try:
                response = requests.post(
                    f"http://127.0.0.1:{port}/v2/payments",
                    json=PAYMENT,
                    headers={"Authorization": f"Bearer {TEST_KEY}"},
                    timeout=2,
                )
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert response.status_code == 201 and response.json()["resource"] == "payment"
    finally:
        program.terminate()
        program.wait(timeout=10)


@pytest.fixture
def live_server_hook():
    """A tiny HTTP server that records the first body posted to it."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received: list[str] = []
    arrived = threading.Event()

    class Hook(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            received.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
            self.send_response(200)
            self.end_headers()
            arrived.set()

    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    class Recorder:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"

        def wait(self):
            assert arrived.wait(10)
            return received[0]

    yield Recorder()
    server.shutdown()
    server.server_close()


def test_without_a_setting_the_endpoint_comes_from_the_environment(settings, monkeypatch):
    from innen.portal.settings_defaults import mollie_api_endpoint

    if hasattr(settings, "MOLLIE_API_ENDPOINT"):
        del settings.MOLLIE_API_ENDPOINT
    assert mollie_api_endpoint() == "https://api.mollie.com"
    monkeypatch.setenv("MOLLIE_API_ENDPOINT", "http://127.0.0.1:8765/")
    assert mollie_api_endpoint() == "http://127.0.0.1:8765"
