"""The customer's side, opened from the signed link in every message: what is open, how to pay.

No account: the token names one customer of one organisation and expires (links.py). Any
token that does not check out gets the same plain refusal, so a guess learns nothing.
Paying online, promises, payment plans and disputes come with the portal issue.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from innen.law.epc_qr import InvalidEpcData, epc_payload, epc_qr
from innen.ledger.models import Customer, Invoice
from innen.outbox.links import read_portal_token
from innen.outbox.models import SenderSettings

# The longest any organisation may let a link live; its own setting is checked after.
LONGEST = timedelta(days=366)


def _refuse(request: HttpRequest) -> HttpResponse:
    return render(request, "web/portal_refused.html", status=404)


def portal(request: HttpRequest, token: str) -> HttpResponse:
    access = read_portal_token(token, LONGEST)
    if access is None:
        return _refuse(request)
    customer = (
        Customer.objects.filter(pk=access.customer_id, organisation_id=access.organisation_id)
        .select_related("organisation")
        .first()
    )
    if customer is None:
        return _refuse(request)
    sender = SenderSettings.objects.filter(organisation_id=access.organisation_id).first()
    days = sender.portal_link_days if sender else SenderSettings().portal_link_days
    if read_portal_token(token, timedelta(days=days)) is None:
        return _refuse(request)
    invoices = list(Invoice.objects.filter(customer=customer).open().order_by("due_date", "pk"))
    total = sum((invoice.open_amount for invoice in invoices), Decimal(0))
    organisation = customer.organisation
    translation.activate(customer.language)
    return render(
        request,
        "web/portal.html",
        {
            "customer": customer,
            "organisation": organisation,
            "invoices": invoices,
            "total": total,
            "qr": _qr(organisation.name, organisation.iban, total, invoices),
        },
    )


def _qr(name: str, iban: str, total: Decimal, invoices: list[Invoice]) -> str:
    """The EPC QR code for paying everything open, as a data: URI ("" when it cannot be made)."""
    if not iban or not invoices:
        return ""
    text = ", ".join(invoice.number for invoice in invoices)[:140]
    try:
        payload = epc_payload(name=name[:70], iban=iban, amount=total, text=text)
        return str(epc_qr(payload).svg_data_uri(scale=4))
    except InvalidEpcData:
        return ""
