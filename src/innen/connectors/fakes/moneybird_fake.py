"""A local Moneybird: the documented paths, errors, rate-limit headers, OAuth and webhooks.

Run it on its own: `python -m innen.connectors.fakes.moneybird_fake --port 8765 --invoices 1000`
(it prints a personal token and the administration id). Tests serve it in a thread
(`serve`) and turn its knobs: `throttle` (429 with Retry-After), `fail` (a 5xx on a path),
`data.expire_tokens()` (a token that expires mid-sync), `change`/`pay` (a change, and the
webhook Moneybird sends for it).

Paths (under /api/v2, `.json` as in Moneybird's URLs):
  GET  administrations
  GET  {administration}/sales_invoices/synchronization[?filter=updated_after:...]
  POST {administration}/sales_invoices/synchronization   {"ids": [... up to 100]}
  GET  {administration}/contacts/synchronization[?filter=updated_after:...]
  POST {administration}/contacts/synchronization          {"ids": [... up to 100]}
  GET  {administration}/sales_invoices?page=&per_page=   (Link header to the next page)
  POST {administration}/webhooks                          {"url", "enabled_events"}: the
       webhook with its secret `token`, sent along with every call as `webhook_token`.
Changes a test makes (each sends the webhook Moneybird sends): `change`, `pay`,
`delete_payment` (payment_destroyed: the invoice is open again, with a new version),
`delete_invoice` (sales_invoice_destroyed: it leaves the listing), `change_contact`.
OAuth: GET /oauth/authorize (approves at once), POST /oauth/token, POST /oauth/revoke.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import requests
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from innen.connectors.fakes.moneybird_data import MoneybirdData, seed

LIMIT = 150  # requests per window, per token (Moneybird: 150 per 5 minutes)
WINDOW = 300.0
MOST_IDS = 100


@dataclass
class Fault:
    status: int
    path_part: str
    times: int


@dataclass
class FakeMoneybird:
    data: MoneybirdData = field(default_factory=MoneybirdData)
    limit: int = LIMIT
    requests_seen: int = 0
    faults: list[Fault] = field(default_factory=list)
    throttled: list[int] = field(default_factory=list)  # Retry-After of the next 429s
    sent_webhooks: list[dict[str, Any]] = field(default_factory=list)
    _window: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # Knobs -----------------------------------------------------------------------------

    def throttle(self, retry_after: int = 1, times: int = 1) -> None:
        self.throttled.extend([retry_after] * times)

    def fail(self, status: int = 500, path_part: str = "synchronization", times: int = 1) -> None:
        self.faults.append(Fault(status, path_part, times))

    def change(self, admin_id: str, number: str, **fields: Any) -> dict[str, Any]:
        """Change an invoice by its number (due_date, state, ...); Moneybird's webhook goes."""
        invoice = self._invoice(admin_id, number)
        invoice.update(fields)
        self.data.touch(invoice)
        self._notify(admin_id, "SalesInvoice", invoice, "sales_invoice_updated")
        return invoice

    def pay(self, admin_id: str, number: str, amount: Decimal, day: date) -> dict[str, Any]:
        admin = self.data.administrations[admin_id]
        invoice = self._invoice(admin_id, number)
        payment = self.data.pay(admin, invoice, amount, day)
        self._notify(admin_id, "Payment", payment, "payment_registered")
        return invoice

    def pay_back(self, admin_id: str, number: str, amount: Decimal, day: date) -> dict[str, Any]:
        """Register a negative payment on the invoice (money paid back to the customer)."""
        invoice = self._invoice(admin_id, number)
        payment = self.data.pay_back(invoice, amount, day)
        self._notify(admin_id, "Payment", payment, "payment_registered")
        return invoice

    def delete_payment(self, admin_id: str, number: str) -> dict[str, Any]:
        """Delete the invoice's last payment, as Moneybird's DELETE .../payments/{id} does:
        the invoice is open again for that amount and gets a new version."""
        invoice = self._invoice(admin_id, number)
        payment = self.data.unpay(invoice)
        self._notify(admin_id, "Payment", payment, "payment_destroyed")
        return payment

    def delete_invoice(self, admin_id: str, number: str) -> dict[str, Any]:
        """Delete the invoice (DELETE .../sales_invoices/{id}): it leaves the listing."""
        invoice = self._invoice(admin_id, number)
        del self.data.administrations[admin_id].invoices[invoice["id"]]
        self._notify(admin_id, "SalesInvoice", invoice, "sales_invoice_destroyed")
        return invoice

    def change_contact(self, admin_id: str, customer_id: str, **fields: Any) -> dict[str, Any]:
        """Change a contact (company_name, address1, email, ...): a new version; the
        invoices that embed it keep theirs, as in Moneybird."""
        admin = self.data.administrations[admin_id]
        contact = next(c for c in admin.contacts.values() if c["customer_id"] == customer_id)
        contact.update(fields)
        self.data.touch(contact)
        self._notify(admin_id, "Contact", contact, "contact_changed")
        return contact

    def _invoice(self, admin_id: str, number: str) -> dict[str, Any]:
        admin = self.data.administrations[admin_id]
        return next(i for i in admin.invoices.values() if i["invoice_id"] == number)

    def _notify(self, admin_id: str, kind: str, entity: dict[str, Any], action: str) -> None:
        for hook in self.data.administrations[admin_id].webhooks:
            if not any(action.startswith(event) for event in hook["enabled_events"]):
                continue
            payload = {
                "administration_id": admin_id,
                "webhook_id": hook["id"],
                "webhook_token": hook["token"],
                "entity_type": kind,
                "entity_id": entity["id"],
                "state": entity.get("state", ""),
                "action": action,
                "entity": entity,
            }
            self.sent_webhooks.append({"url": hook["url"], "payload": payload})
            # Moneybird retries a failed delivery; the fake keeps the payload in sent_webhooks.
            with contextlib.suppress(requests.RequestException):
                requests.post(hook["url"], json=payload, timeout=2)

    # The application -------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        with self._lock:
            response = self._route(request)
        return response(environ, start_response)

    def _route(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/oauth/"):
            return self._oauth(request, path.removeprefix("/oauth/"))
        if not path.startswith("/api/v2/") or not path.endswith(".json"):
            return _error(404, "Not found")
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not self.data.valid(token):
            return _error(401, "Token is invalid or expired")
        self.requests_seen += 1
        limited = self._rate_limit(token)
        if limited is not None:
            return limited
        for fault in self.faults:
            if fault.times > 0 and fault.path_part in path:
                fault.times -= 1
                return _error(fault.status, "Internal server error")
        response = self._api(request, path.removeprefix("/api/v2/").removesuffix(".json"))
        self._headers(response, token)
        return response

    def _rate_limit(self, token: str) -> Response | None:
        now = self.data.clock()
        seen = [t for t in self._window.get(token, []) if t > now - WINDOW]
        if self.throttled:
            wait = self.throttled.pop(0)
        elif len(seen) >= self.limit:
            wait = int(seen[0] + WINDOW - now) + 1
        else:
            self._window[token] = [*seen, now]
            return None
        response = _error(429, "Too many requests")
        response.headers["Retry-After"] = str(wait)
        response.headers["RateLimit-Limit"] = str(self.limit)
        response.headers["RateLimit-Remaining"] = "0"
        response.headers["RateLimit-Reset"] = str(int(now + wait))
        return response

    def _headers(self, response: Response, token: str) -> None:
        seen = self._window.get(token, [])
        response.headers["RateLimit-Limit"] = str(self.limit)
        response.headers["RateLimit-Remaining"] = str(max(self.limit - len(seen), 0))
        reset = (seen[0] if seen else self.data.clock()) + WINDOW
        response.headers["RateLimit-Reset"] = str(int(reset))

    def _api(self, request: Request, path: str) -> Response:
        parts = path.split("/")
        if parts == ["administrations"]:
            admins = [{"id": a.id, "name": a.name} for a in self.data.administrations.values()]
            return _json(admins)
        admin = self.data.administrations.get(parts[0])
        if admin is None:
            return _error(404, "Administration not found")
        rest = parts[1:]
        if rest in (["sales_invoices", "synchronization"], ["contacts", "synchronization"]):
            rows = admin.invoices if rest[0] == "sales_invoices" else admin.contacts
            if request.method == "POST":
                return self._sync_fetch(rows, request)
            return self._sync_list(rows, request)
        if rest == ["sales_invoices"]:
            return self._list(admin, request)
        if rest == ["webhooks"] and request.method == "POST":
            body = request.get_json(silent=True) or {}
            hook = {
                "id": self.data.next_id(),
                "url": body.get("url", ""),
                "enabled_events": list(body.get("enabled_events") or []),
                "token": secrets.token_urlsafe(24),  # sent with every call as webhook_token
            }
            admin.webhooks.append(hook)
            return _json(hook, 201)
        return _error(404, "Not found")

    def _sync_list(self, records: dict[str, dict[str, Any]], request: Request) -> Response:
        after = _updated_after(request.args.get("filter", ""))
        if after is False:
            return _error(400, "Filter is invalid")
        rows = [
            {"id": r["id"], "version": r["version"]}
            for r in records.values()
            if after is None or r["updated_at"] > after
        ]
        return _json(rows)

    def _sync_fetch(self, records: dict[str, dict[str, Any]], request: Request) -> Response:
        ids = (request.get_json(silent=True) or {}).get("ids", [])
        if not isinstance(ids, list) or len(ids) > MOST_IDS:
            return _error(400, f"Give at most {MOST_IDS} ids")
        return _json([records[str(i)] for i in ids if str(i) in records])

    def _list(self, admin: Any, request: Request) -> Response:
        page = max(int(request.args.get("page", "1") or 1), 1)
        per_page = min(max(int(request.args.get("per_page", "50") or 50), 1), 100)
        rows = list(admin.invoices.values())
        response = _json(rows[(page - 1) * per_page : page * per_page])
        if page * per_page < len(rows):
            query = urlencode({"page": page + 1, "per_page": per_page})
            response.headers["Link"] = f'<{request.base_url}?{query}>; rel="next"'
        return response

    def _oauth(self, request: Request, what: str) -> Response:
        if what == "authorize":
            code = self.data.next_id()
            self.data.codes[code] = request.args.get("redirect_uri", "")
            query = urlencode({"code": code, "state": request.args.get("state", "")})
            return Response(status=302, headers={"Location": f"{self.data.codes[code]}?{query}"})
        if what == "token" and request.method == "POST":
            return self._token(request.form)
        if what == "revoke" and request.method == "POST":
            self.data.grants.pop(request.form.get("token", ""), None)
            return _json({})
        return _error(404, "Not found")

    def _token(self, form: Any) -> Response:
        if (form.get("client_id"), form.get("client_secret")) != (
            self.data.client_id,
            self.data.client_secret,
        ):
            return _json({"error": "invalid_client"}, 401)
        if form.get("grant_type") == "authorization_code":
            known = self.data.codes.pop(form.get("code", ""), None)
            if known is None or known != form.get("redirect_uri"):
                return _json({"error": "invalid_grant"}, 400)
            grant = self.data.issue()
        elif form.get("grant_type") == "refresh_token":
            refreshed = self.data.refresh(form.get("refresh_token", ""))
            if refreshed is None:
                return _json({"error": "invalid_grant"}, 400)
            grant = refreshed
        else:
            return _json({"error": "unsupported_grant_type"}, 400)
        body: dict[str, Any] = {
            "access_token": grant.access_token,
            "token_type": "bearer",
            "refresh_token": grant.refresh_token,
            "scope": "sales_invoices settings",
            "created_at": int(self.data.clock()),
        }
        if self.data.expires_in:
            body["expires_in"] = self.data.expires_in
        return _json(body)


def _updated_after(text: str) -> float | bool | None:
    """The `updated_after:` part of a filter as unix time; None: none; False: unreadable."""
    for part in text.split(","):
        key, _, value = part.partition(":")
        if key == "updated_after":
            try:
                stamp = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S UTC")
            except ValueError:
                return False
            return stamp.replace(tzinfo=UTC).timestamp()
    return None


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _error(status: int, message: str) -> Response:
    return _json({"error": message, "symbolic": {}}, status)


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Tests and the bench do not print a line per request."""


def serve(fake: FakeMoneybird, port: int = 0) -> BaseWSGIServer:
    """Serve `fake` on 127.0.0.1 in a thread; `server.port` is where; `shutdown()` stops."""
    server = make_server("127.0.0.1", port, fake, threaded=True, request_handler=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description="A local Moneybird API.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--invoices", type=int, default=100)
    args = parser.parse_args()
    fake = FakeMoneybird()
    seed(fake.data, "123456789", args.invoices)
    token = fake.data.personal_token()
    print(f"Moneybird fake on http://127.0.0.1:{args.port}/api/v2")
    print(f"administration 123456789, personal token {token}")
    print(f"OAuth client id {fake.data.client_id}, secret {fake.data.client_secret}")
    make_server("127.0.0.1", args.port, fake).serve_forever()


if __name__ == "__main__":
    main()
