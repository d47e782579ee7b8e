"""The REST API: one NinjaAPI, its routers, its token auth and its error shapes."""

from __future__ import annotations

from ninja import NinjaAPI

from innen.api import errors
from innen.api.auth import READ
from innen.api.routes import (
    actions,
    bank,
    credit,
    credit_notes,
    customers,
    disputes,
    dossier,
    events,
    holds,
    invoices,
    payments,
    plans,
    promises,
    segments,
    ubl,
)

DESCRIPTION = """
Every call carries `Authorization: Bearer <token>`; an owner makes tokens at /api/tokens/ or
with `innen api-token create`. A token belongs to one organisation: every id of another
organisation is 404. A read token cannot write (403); an unknown or revoked token is 401.

Lists are pages of at most `limit` items (default 50, at most 200), in the order of their
id; pass the `next` of a page as `cursor` to get the following one (null on the last page).

Refused input is 422 with `{"errors": {"field": ["message", ...]}}` and changes nothing; a
clash with what is stored (a number already taken) is 409 in the same shape. 401, 403 and
404 answer `{"detail": "message"}`. Money is a decimal string, e.g. "121.00"; a moment has
its zone, e.g. "2026-03-01T00:00:00Z". A body holds only the fields its schema names.

A bank statement goes up as `multipart/form-data` (its one part: `file`); the dossier export
comes down as a ZIP (or its summary as a PDF). Every change goes through the same services
as the web pages, with the same rules and dossier events.
"""

api = NinjaAPI(
    title="innen API",
    version="1",
    description=DESCRIPTION,
    auth=READ,
    urls_namespace="api",
)
errors.install(api)
api.add_router("/customers/", customers.router)
api.add_router("/customers/", dossier.router)
api.add_router("/customers/", credit.router)
api.add_router("/behaviour-segments/", segments.router)
api.add_router("/invoices/", ubl.router)
api.add_router("/invoices/", invoices.router)
api.add_router("/credit-notes/", credit_notes.router)
api.add_router("/payments/", payments.router)
api.add_router("/holds/", holds.router)
api.add_router("/actions/", actions.router)
api.add_router("/dossier-events/", events.router)
api.add_router("/disputes/", disputes.router)
api.add_router("/promises/", promises.router)
api.add_router("/payment-plans/", plans.router)
api.add_router("/bank-statements/", bank.statements)
api.add_router("/bank-entries/", bank.entries)
