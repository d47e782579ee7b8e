"""A TEST DOUBLE of Mollie's payments API: never use it for real money.

It plays the part of https://api.mollie.com that innen uses, with the JSON shapes of Mollie's
documentation (docs.mollie.com/reference/create-payment, /get-payment):

- ``POST /v2/payments``: creates a payment (``tr_...``, status ``open``) and answers 201 with
  ``_links.checkout.href`` pointing at this server's fake checkout;
- ``GET /v2/payments/<id>``: the payment as it is now; 404 for an id it does not know, or
  one made with another API key (as Mollie: a key sees only its own profile's payments);
- ``GET /checkout/<id>``: the "checkout". Opening it pays the payment (``?status=failed``,
  ``canceled`` or ``expired`` ends it that way instead), calls the payment's ``webhookUrl``
  with ``id=<id>`` when webhooks are on, and redirects to its ``redirectUrl``.

Every API call needs ``Authorization: Bearer test_...`` or ``live_...``. Standard library
only. Run it for the demo or the browser tests, then point innen at it::

    python -m innen.portal.fake_mollie --port 8765
    MOLLIE_API_ENDPOINT=http://127.0.0.1:8765 innen manage runserver

Tests start it in a thread: ``with FakeMollie() as mollie: settings.MOLLIE_API_ENDPOINT =
mollie.url``.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import string
import threading
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

KEY = re.compile(r"^Bearer ((live|test)_\w+)$")
VALUE = re.compile(r"^\d+\.\d{2}$")
ENDED = {"failed", "canceled", "expired"}
DOCS = "https://docs.mollie.com/overview/handling-errors"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _error(status: int, title: str, detail: str, field: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": status,
        "title": title,
        "detail": detail,
        "_links": {"documentation": {"href": DOCS, "type": "text/html"}},
    }
    if field:
        body["field"] = field
    return body


class FakeMollie:
    """The fake server, in a thread; `payments` holds every payment by id."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, call_webhooks: bool = False):
        self.payments: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, str] = {}  # payment id → the API key that made it
        self.webhook_calls: list[str] = []
        self.call_webhooks = call_webhooks
        self.lock = threading.Lock()
        self.host = host
        self.server = ThreadingHTTPServer((host, port), _handler(self))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.server.server_port}"

    def __enter__(self) -> FakeMollie:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def create(self, key: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        problem = _invalid(data)
        if problem:
            return 422, problem
        payment_id = "tr_" + "".join(
            secrets.choice(string.ascii_letters + string.digits) for _ in range(10)
        )
        methods = data.get("method")
        payment = {
            "resource": "payment",
            "id": payment_id,
            "mode": key.split("_", 1)[0],
            "createdAt": _now(),
            "amount": data["amount"],
            "description": data["description"],
            "method": methods if isinstance(methods, str) else None,
            "metadata": data.get("metadata"),
            "status": "open",
            "isCancelable": False,
            "expiresAt": (datetime.now(UTC) + timedelta(minutes=15))
            .replace(microsecond=0)
            .isoformat(),
            "profileId": "pfl_fake",
            "sequenceType": "oneoff",
            "redirectUrl": data["redirectUrl"],
            "webhookUrl": data.get("webhookUrl"),
            "locale": data.get("locale"),
            "_links": {
                "self": {
                    "href": f"{self.url}/v2/payments/{payment_id}",
                    "type": "application/hal+json",
                },
                "checkout": {"href": f"{self.url}/checkout/{payment_id}", "type": "text/html"},
                "documentation": {
                    "href": "https://docs.mollie.com/reference/create-payment",
                    "type": "text/html",
                },
            },
        }
        with self.lock:
            self.payments[payment_id] = payment
            self.keys[payment_id] = key
        return 201, payment

    def get(self, key: str, payment_id: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            payment = self.payments.get(payment_id)
            if payment is None or self.keys.get(payment_id) != key:
                detail = f"No payment exists with token {payment_id}."
                return 404, _error(404, "Not Found", detail)
            return 200, dict(payment)

    def set_status(self, payment_id: str, status: str, method: str = "ideal") -> dict[str, Any]:
        """End a payment as a customer would at the checkout: paid, failed, canceled, expired."""
        with self.lock:
            payment = self.payments[payment_id]
            payment["status"] = status
            if status == "paid":
                payment["paidAt"] = _now()
                payment["method"] = method
            elif status in ENDED:
                payment[f"{status}At"] = _now()
            return dict(payment)

    def checkout(self, payment_id: str, status: str) -> str | None:
        """Pay (or end) the payment and return where the customer goes next."""
        if payment_id not in self.payments or status not in {"paid", *ENDED}:
            return None
        payment = self.set_status(payment_id, status)
        if self.call_webhooks and payment.get("webhookUrl"):
            threading.Thread(
                target=self._call_webhook, args=(payment["webhookUrl"], payment_id), daemon=True
            ).start()
        return str(payment["redirectUrl"])

    def _call_webhook(self, url: str, payment_id: str) -> None:
        body = urllib.parse.urlencode({"id": payment_id}).encode()
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=10):
                pass
        except OSError:
            pass  # as Mollie: a webhook that fails is tried again later (here: never)
        self.webhook_calls.append(payment_id)


def _invalid(data: Any) -> dict[str, Any] | None:
    """Mollie's 422 for a create without the fields it requires."""
    if not isinstance(data, dict):
        return _error(422, "Unprocessable Entity", "The request body is not a JSON object.")
    amount = data.get("amount")
    if (
        not isinstance(amount, dict)
        or not isinstance(amount.get("currency"), str)
        or not VALUE.match(str(amount.get("value", "")))
    ):
        return _error(422, "Unprocessable Entity", "The amount is invalid.", "amount")
    for field in ("description", "redirectUrl"):
        if not data.get(field):
            return _error(422, "Unprocessable Entity", f"The {field} is missing.", field)
    return None


def _handler(fake: FakeMollie) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send_json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/hal+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _key(self) -> str | None:
            match = KEY.match(self.headers.get("Authorization", ""))
            if match is None:
                detail = "Missing authentication, or failed to authenticate"
                self._send_json(401, _error(401, "Unauthorized Request", detail))
                return None
            return match.group(1)

        def do_POST(self) -> None:
            if self.path.split("?")[0] != "/v2/payments":
                self._send_json(404, _error(404, "Not Found", "The resource does not exist."))
                return
            key = self._key()
            if key is None:
                return
            length = int(self.headers.get("Content-Length") or 0)
            try:
                data = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                data = None
            self._send_json(*fake.create(key, data))

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            if parts.path.startswith("/checkout/"):
                status = urllib.parse.parse_qs(parts.query).get("status", ["paid"])[0]
                target = fake.checkout(parts.path.removeprefix("/checkout/"), status)
                if target is None:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", target)
                self.end_headers()
                return
            if parts.path.startswith("/v2/payments/"):
                key = self._key()
                if key is not None:
                    self._send_json(*fake.get(key, parts.path.removeprefix("/v2/payments/")))
                return
            self._send_json(404, _error(404, "Not Found", "The resource does not exist."))

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="A fake of Mollie's payments API for the demo and tests (no real money)."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--no-webhooks", action="store_true", help="do not call the payments' webhookUrl"
    )
    args = parser.parse_args(argv)
    fake = FakeMollie(args.host, args.port, call_webhooks=not args.no_webhooks)
    print(f"Fake Mollie (a test double) at {fake.url}; set MOLLIE_API_ENDPOINT={fake.url}")
    try:
        fake.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake.server.server_close()


if __name__ == "__main__":
    main()
