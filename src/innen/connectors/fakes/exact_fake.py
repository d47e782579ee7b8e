"""A local stand-in for Exact Online's REST API, for tests and to try the connector by hand.

It follows Exact's documentation as far as innen uses it:

- OAuth 2.0 authorization code flow: `GET /api/oauth2/auth` (signs in at once and redirects
  back with `code` and `state`), `POST /api/oauth2/token` (`authorization_code` and
  `refresh_token` grants). Access tokens live 600 seconds; a refresh token is single use: the
  new pair replaces it and the old one is refused (`400 {"error": "invalid_grant"}`).
- `GET /api/v1/current/Me` (the user's `CurrentDivision`), `/api/v1/{division}/system/Divisions`.
- `GET /api/v1/{division}/crm/Accounts`, `/salesinvoice/SalesInvoices`, `/cashflow/Receivables`
  with `$filter`, `$select`, `$orderby`, `$top`, `$inlinecount`, 60 rows a page and `__next`.
- `GET /api/v1/{division}/sync/Deleted`: the records deleted (`ID`, `EntityKey`, `EntityType`,
  `DeletedBy`, `DeletedDate`, `Timestamp`), filtered on `Timestamp` only (`Timestamp gt 1L`),
  in Timestamp order, 1000 rows a page. `admin.delete_invoice(number)` deletes an invoice.
- 401 for an expired or unknown access token; 429 past the per-minute or per-day limit, with
  `X-RateLimit-Limit/-Remaining/-Reset` (per day) and `X-RateLimit-Minutely-Limit/-Remaining/
  -Reset` (reset as milliseconds since the epoch) on every API answer, and `Retry-After` on 429.

Faults for tests (`ExactFake.fault(kind, after=n)`): "expire" (every access token expires at
the n-th API request from now), "429" (that request is refused once), "500" (that request fails
once). `refuse_refresh` refuses every refresh. Change records through `fake.admin` (see
`exact_data.Administration`) or, when run on its own, `POST /_fake/pay?invoice=N&amount=A` and
`POST /_fake/delete?invoice=N`.

Run: `python -m innen.connectors.fakes.exact_fake --port 8765 --invoices 1000`.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from innen.connectors.fakes.exact_data import Administration, generate
from innen.connectors.fakes.exact_resources import BadQuery, Result, collection, page_of, run_query

ACCESS_SECONDS = 600
RESOURCES = (
    "crm/Accounts", "salesinvoice/SalesInvoices", "cashflow/Receivables", "sync/Deleted",
)  # fmt: skip
SYNC_PAGE = 1000  # rows a page on the sync endpoints


@dataclass
class ExactFake:
    admin: Administration
    client_id: str = "innen-test-client"
    client_secret: str = "innen-test-secret"
    page_size: int = 60
    sync_page_size: int = SYNC_PAGE
    minutely_limit: int = 100_000
    daily_limit: int = 1_000_000
    refuse_refresh: bool = False
    access: dict[str, float] = field(default_factory=dict)  # access token -> expires at
    refresh_tokens: set[str] = field(default_factory=set)  # the ones still valid
    used_refresh_tokens: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    api_requests: int = 0
    faults: list[tuple[int, str, float]] = field(default_factory=list)
    _retry_after: float = 0.0
    _minute: tuple[int, int] = (0, 0)  # (minute, calls in it)
    _day: tuple[int, int] = (0, 0)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: dict[tuple[str, ...], tuple[Result, str]] = field(default_factory=dict)

    def fault(self, kind: str, after: int = 1, retry_after: float = 30.0) -> None:
        """Make the `after`-th API request from now fail: "expire", "429" or "500"."""
        self.faults.append((self.api_requests + after, kind, retry_after))

    def issue_tokens(self) -> dict[str, Any]:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.access[access] = time.time() + ACCESS_SECONDS
        self.refresh_tokens.add(refresh)
        return {
            "access_token": access, "token_type": "bearer", "expires_in": str(ACCESS_SECONDS),
            "refresh_token": refresh,
        }  # fmt: skip

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        with self._lock:
            response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        path = request.path
        if path == "/api/oauth2/auth":
            return self.authorize(request)
        if path == "/api/oauth2/token" and request.method == "POST":
            return self.token(request)
        if path.startswith("/_fake/"):
            return self.control(request)
        if path.startswith("/api/v1/"):
            return self.api(request)
        return _json({"error": "not found"}, 404)

    def authorize(self, request: Request) -> Response:
        if request.args.get("client_id") != self.client_id:
            return _json({"error": "invalid_client"}, 400)
        code = secrets.token_urlsafe(16)
        self.codes.add(code)
        target = request.args.get("redirect_uri", "")
        answer = urlencode({"code": code, "state": request.args.get("state", "")})
        return Response(status=302, headers={"Location": f"{target}?{answer}"})

    def token(self, request: Request) -> Response:
        form = request.form
        if (form.get("client_id"), form.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return _json({"error": "invalid_client"}, 401)
        grant = form.get("grant_type")
        if grant == "authorization_code" and form.get("code") in self.codes:
            self.codes.discard(form.get("code", ""))
            return _json(self.issue_tokens())
        if grant == "refresh_token" and not self.refuse_refresh:
            old = form.get("refresh_token", "")
            if old in self.refresh_tokens:
                self.refresh_tokens.discard(old)
                self.used_refresh_tokens.add(old)
                return _json(self.issue_tokens())
        return _json(
            {"error": "invalid_grant", "error_description": "Old refresh token used."}, 400
        )

    def api(self, request: Request) -> Response:
        self.api_requests += 1
        fault = self._due_fault()
        if fault == "expire":
            self.access.clear()
        elif fault == "500":
            return self._with_limits(
                _json({"error": {"message": {"value": "Internal error"}}}, 500)
            )
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if self.access.get(token, 0) < time.time():
            return Response("Unauthorized", status=401)
        throttled = self._count_call(fault)
        if throttled is not None:
            return throttled
        return self._with_limits(self.resource(request))

    def _due_fault(self) -> str:
        due = [f for f in self.faults if f[0] <= self.api_requests]
        self.faults = [f for f in self.faults if f[0] > self.api_requests]
        self._retry_after = max((f[2] for f in due if f[1] == "429"), default=0.0)
        kinds = {f[1] for f in due}
        return next((k for k in ("500", "429", "expire") if k in kinds), "")

    def _count_call(self, fault: str) -> Response | None:
        now = time.time()
        minute, day = int(now // 60), int(now // 86400)
        self._minute = (minute, self._minute[1] + 1 if self._minute[0] == minute else 1)
        self._day = (day, self._day[1] + 1 if self._day[0] == day else 1)
        if fault == "429":
            retry = self._retry_after
        elif self._minute[1] > self.minutely_limit:
            retry = (minute + 1) * 60 - now
        elif self._day[1] > self.daily_limit:
            retry = (day + 1) * 86400 - now
        else:
            return None
        body = _json({"error": {"message": {"value": "API rate limit exceeded"}}}, 429)
        body.headers["Retry-After"] = str(max(1, round(retry)))
        return self._with_limits(body)

    def _with_limits(self, response: Response) -> Response:
        now = time.time()
        minute_reset = int((now // 60 + 1) * 60 * 1000)
        day_reset = int((now // 86400 + 1) * 86400 * 1000)
        response.headers.update({
            "X-RateLimit-Limit": str(self.daily_limit),
            "X-RateLimit-Remaining": str(max(0, self.daily_limit - self._day[1])),
            "X-RateLimit-Reset": str(day_reset),
            "X-RateLimit-Minutely-Limit": str(self.minutely_limit),
            "X-RateLimit-Minutely-Remaining": str(max(0, self.minutely_limit - self._minute[1])),
            "X-RateLimit-Minutely-Reset": str(minute_reset),
        })  # fmt: skip
        return response

    def resource(self, request: Request) -> Response:
        parts = request.path.removeprefix("/api/v1/").split("/", 1)
        if parts == ["current", "Me"]:
            me = {"CurrentDivision": self.admin.division, "FullName": "Fake Boekhouder"}
            return _json({"d": {"results": [me]}})
        if len(parts) != 2 or parts[0] != str(self.admin.division):
            return _json({"error": {"message": {"value": "Forbidden division"}}}, 403)
        if parts[1] == "system/Divisions":
            row = {"Code": self.admin.division, "Description": "Fake B.V.", "Currency": "EUR"}
            return _json({"d": {"results": [row]}})
        if parts[1] not in RESOURCES:
            return _json({"error": {"message": {"value": "Unknown resource"}}}, 404)
        args = dict(request.args.items())
        base = request.base_url
        size = self.page_size
        try:
            if parts[1].startswith("sync/"):
                args, size = _sync_query(args), self.sync_page_size
            result, key = self._result(parts[1], args)
            return _json(page_of(result, key, args, size, base))
        except BadQuery as error:
            return _json({"error": {"code": "", "message": {"lang": "", "value": str(error)}}}, 400)

    def _result(self, name: str, args: dict[str, str]) -> tuple[Result, str]:
        """The query's rows; kept while nothing changes, so paging through 10,000 is quick."""
        options = tuple(args.get(o, "") for o in ("$filter", "$orderby", "$top"))
        stamp = (name, str(self.admin.clock), str(len(self.admin.receivables)), *options)
        if stamp not in self._cache:
            rows, key = collection(self.admin, name)
            self._cache = {stamp: (run_query(rows, key, args), key), **self._cache}
            self._cache = dict(list(self._cache.items())[:4])
        return self._cache[stamp]

    def control(self, request: Request) -> Response:
        if request.path == "/_fake/pay" and request.method == "POST":
            number, amount = int(request.args["invoice"]), Decimal(request.args["amount"])
            self.admin.pay(number, amount, date.today())
            return _json({"open": str(self.admin.open_amount(number))})
        if request.path == "/_fake/delete" and request.method == "POST":
            deleted = self.admin.delete_invoice(int(request.args["invoice"]))
            return _json({"deleted": deleted.id})
        if request.path == "/_fake/fault" and request.method == "POST":
            self.fault(request.args["kind"], int(request.args.get("after", "1")))
            return _json({"ok": True})
        return _json({"error": "not found"}, 404)


def _sync_query(args: dict[str, str]) -> dict[str, str]:
    """The sync endpoints filter on Timestamp only and answer in Timestamp order."""
    if "$top" in args or args.get("$orderby", "Timestamp") != "Timestamp":
        raise BadQuery("the sync endpoints take no $orderby or $top")
    clauses = re.split(r"\s+and\s+", args.get("$filter", ""), flags=re.IGNORECASE)
    if any(clause.strip() and not clause.strip().startswith("Timestamp ") for clause in clauses):
        raise BadQuery("the sync endpoints filter on Timestamp only")
    return {**args, "$orderby": "Timestamp"}


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:
        pass


@contextmanager
def serve(fake: ExactFake) -> Iterator[str]:
    """`fake` on a free local port in a thread, quietly; yields its base address."""
    server = make_server("127.0.0.1", 0, fake, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def main(argv: list[str] | None = None) -> None:
    from werkzeug.serving import run_simple

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    fake = ExactFake(generate(args.invoices, seed=args.seed))
    print(f"Exact Online fake: division {fake.admin.division}, client_id {fake.client_id}")
    run_simple("127.0.0.1", args.port, fake, threaded=True)


if __name__ == "__main__":
    main()
