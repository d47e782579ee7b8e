"""The customer's pages: open invoices, letters sent, downloads, paying; and the code sign-in.

No account: every page under /portal/<token>/ starts with `portal_access`, and anything
that does not check out (forged, expired, revoked, another customer's document) gets the
same plain refusal, so a guess learns nothing.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from innen.client_address import client_address
from innen.law.epc_qr import InvalidEpcData, epc_payload, epc_qr
from innen.ledger.models import Invoice
from innen.organisations.models import Language
from innen.outbox.demanded import demanded_on, last_letter_demand
from innen.outbox.links import portal_token
from innen.outbox.models import Delivery, DeliveryStatus, Document
from innen.portal import ratelimit
from innen.portal.access import PortalAccess, PortalRefused, portal_access
from innen.portal.codes import customer_for_code, normalise_code
from innen.portal.events import portal_event, portal_event_once_a_day
from innen.portal.forms import CodeForm, PayForm
from innen.portal.models import OnlinePayment
from innen.portal.online_payments import (
    CLAIM,
    FINAL,
    MollieUnavailable,
    is_mollie_payment_id,
    is_return_reference,
    mollie_settings_ready,
    online_payment_start,
    online_payment_sync,
)
from innen.portal.settings_defaults import mollie_checkout_origins
from innen.storedfiles import file_response, stored_bytes

log = logging.getLogger(__name__)

ARRANGEMENTS = (
    ("portal-promise", "promise"),
    ("portal-plan", "plan"),
    ("portal-dispute", "dispute"),
)


def refused(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/refused.html", status=404)


def _language(request: HttpRequest, access: PortalAccess) -> str:
    """The language the customer chose on the page, else the one the organisation knows."""
    chosen = request.GET.get("lang", "")
    return chosen if chosen in Language.values else access.customer.language


def portal(request: HttpRequest, token: str) -> HttpResponse:
    try:
        access = portal_access(request, token)
    except PortalRefused:
        return refused(request)
    language = _language(request, access)
    today = timezone.localdate()
    _note_opened(access, today)
    with translation.override(language):
        context = _context(request, access, language)
        # A return link naming no payment of this customer (mangled, or not theirs): the page,
        # saying so.
        status = 400 if context["unknown_payment"] else 200
        response = render(request, "portal/portal.html", context, status=status)
    if context["can_pay"]:
        # The pay form leads on to Mollie's checkout, and CSP lets a form lead only where
        # form-action allows (browsers check the redirect too).
        response._csp_update = {"form-action": mollie_checkout_origins()}  # type: ignore[attr-defined]
    return response


def _context(request: HttpRequest, access: PortalAccess, language: str) -> dict[str, object]:
    organisation, customer = access.organisation, access.customer
    returned = _returned(request, access)  # first: a payment just made pays invoices below
    invoices = list(
        Invoice.objects.filter(organisation=organisation, customer=customer)
        .open()
        .order_by("due_date", "pk")
    )
    total = sum((invoice.open_amount for invoice in invoices), Decimal(0))
    # What the letters demand today, the figure the letters, plans and the export show too.
    owed = demanded_on(customer, [invoice.pk for invoice in invoices], timezone.localdate())
    letter = last_letter_demand(customer)
    return {
        "access": access,
        "token": access.token,
        "customer": customer,
        "organisation": organisation,
        "language": language,
        "invoices": invoices,
        "total": total,
        "owed": owed,
        # The last letter's demand, offered beside the whole claim when it differs.
        "letter": letter if letter and letter.demanded.total != owed.total else None,
        "qr": _qr(organisation.name, organisation.iban, owed.total, invoices),
        "letters": _letters(access),
        "can_pay": bool(invoices) and mollie_settings_ready(organisation.pk) is not None,
        "pay_error": request.GET.get("error", ""),
        "returned": returned,
        "unknown_payment": bool(request.GET.get("payment")) and returned is None,
        "arrangements": _arrangements(access.token),
    }


def _letters(access: PortalAccess) -> list[Delivery]:
    """What was sent to the customer, newest first."""
    return list(
        Delivery.objects.filter(
            organisation=access.organisation,
            message__customer=access.customer,
            status=DeliveryStatus.SENT,
        )
        .select_related("message")
        .order_by("-sent_at", "-pk")
    )


def _arrangements(token: str) -> dict[str, str]:
    """Links to promise, plan and dispute, for those the arrangements app provides."""
    links = {}
    for name, key in ARRANGEMENTS:
        try:
            links[key] = reverse(name, kwargs={"token": token})
        except NoReverseMatch:
            continue
    return links


def _returned(request: HttpRequest, access: PortalAccess) -> OnlinePayment | None:
    """The payment the customer comes back from, brought up to date from Mollie."""
    reference = request.GET.get("payment", "")
    if not is_return_reference(reference):
        return None
    payment = OnlinePayment.objects.filter(
        organisation=access.organisation, customer=access.customer, reference=reference
    ).first()
    if payment is None or payment.status in FINAL:
        return payment
    try:
        return online_payment_sync(payment.mollie_id, today=timezone.localdate()) or payment
    except (MollieUnavailable, DatabaseError) as error:
        # The page shows what is known; Mollie's webhook brings the rest (and retries).
        log.warning("Could not bring %s up to date: %s", payment.mollie_id, error)
        return payment


def _note_opened(access: PortalAccess, today: date) -> None:
    """One dossier event a day when the customer opens the portal: they saw it."""
    portal_event_once_a_day(access.organisation.pk, access.customer.pk, "opened", today)


def _qr(name: str, iban: str, total: Decimal, invoices: list[Invoice]) -> str:
    """The EPC QR code for paying the whole claim, as a data: URI ("" when it cannot be made)."""
    if not iban or not invoices:
        return ""
    text = ", ".join(invoice.number for invoice in invoices)[:140]
    try:
        payload = epc_payload(name=name[:70], iban=iban, amount=total, text=text)
        return str(epc_qr(payload).svg_data_uri(scale=4))
    except InvalidEpcData:
        return ""


def invoice_pdf(request: HttpRequest, token: str, invoice_id: int) -> HttpResponse:
    try:
        access = portal_access(request, token)
    except PortalRefused:
        return refused(request)
    invoice = Invoice.objects.filter(
        pk=invoice_id, organisation=access.organisation, customer=access.customer
    ).first()
    if invoice is None or not invoice.pdf:
        return refused(request)
    data = stored_bytes(invoice.pdf)
    portal_event_once_a_day(
        access.organisation.pk,
        access.customer.pk,
        "invoice_downloaded",
        timezone.localdate(),
        invoice_id=invoice.pk,
        invoice=invoice.number,
    )
    return file_response(data, filename=f"{invoice.number}.pdf")


def letter_pdf(request: HttpRequest, token: str, delivery_id: int) -> HttpResponse:
    try:
        access = portal_access(request, token)
    except PortalRefused:
        return refused(request)
    delivery = (
        Delivery.objects.filter(
            pk=delivery_id,
            organisation=access.organisation,
            message__customer=access.customer,
            status=DeliveryStatus.SENT,
            pdf__isnull=False,
        )
        .select_related("pdf")
        .first()
    )
    if delivery is None or delivery.pdf is None:
        return refused(request)
    document: Document = delivery.pdf
    data = stored_bytes(document.file)
    portal_event_once_a_day(
        access.organisation.pk,
        access.customer.pk,
        "letter_downloaded",
        timezone.localdate(),
        delivery=delivery.pk,
        subject=delivery.subject,
    )
    return file_response(data, filename=document.name, content_type=document.content_type)


@require_POST
def pay(request: HttpRequest, token: str) -> HttpResponse:
    try:
        access = portal_access(request, token)
    except PortalRefused:
        return refused(request)
    language = _language(request, access)
    page = reverse("portal", kwargs={"token": token})
    open_ids = list(
        Invoice.objects.filter(organisation=access.organisation, customer=access.customer)
        .open()
        .values_list("pk", flat=True)
    )
    form = PayForm(request.POST, invoice_ids=open_ids)
    if not form.is_valid():
        return redirect(f"{page}?lang={language}&error=choice#pay")
    try:
        payment = online_payment_start(
            access=access,
            invoice_ids=form.cleaned_data["invoices"],
            amount_of=form.cleaned_data["amount_of"] or CLAIM,
            return_url=request.build_absolute_uri(page),
            webhook_url=request.build_absolute_uri(reverse("portal-mollie-webhook")),
            language=language,
            today=timezone.localdate(),
        )
    except ValidationError:
        return redirect(f"{page}?lang={language}&error=choice#pay")
    except MollieUnavailable as error:
        log.warning("Mollie refused a payment for customer %s: %s", access.customer.pk, error)
        return redirect(f"{page}?lang={language}&error=mollie#pay")
    return redirect(payment.checkout_url)


@csrf_exempt
@require_POST
def mollie_webhook(request: HttpRequest) -> HttpResponse:
    """Mollie says a payment changed: ask Mollie what it is now (the POST carries only an id).

    An unknown id gets 200 and changes nothing, as Mollie recommends (so a guesser learns
    nothing); what is not shaped like a Mollie payment id gets 400. When Mollie cannot be
    asked, 503 makes Mollie try again later.
    """
    mollie_id = request.POST.get("id", "")
    if not is_mollie_payment_id(mollie_id):
        return HttpResponse("Not a Mollie payment id.", status=400, content_type="text/plain")
    try:
        online_payment_sync(mollie_id, today=timezone.localdate())
    except MollieUnavailable as error:
        log.warning("Mollie webhook for %s: %s", mollie_id, error)
        return HttpResponse(status=503)
    return HttpResponse(status=200)


def code_entry(request: HttpRequest) -> HttpResponse:
    """The code from a letter plus the postcode: the way in without the link."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    status, problem = 200, ""
    if request.method == "POST" and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        address = client_address(request) or "unknown"
        if not ratelimit.try_allowed(f"ip:{address}", f"code:{code}"):
            status = 429
            problem = _("Too many tries. Please wait a quarter of an hour and try again.")
        else:
            customer = customer_for_code(code, form.cleaned_data["postcode"])
            if customer is not None:
                portal_event(
                    customer.organisation_id, customer.pk, "signed_in_by_code", timezone.localdate()
                )
                token = portal_token(customer.organisation_id, customer.pk)
                return redirect("portal", token=token)
            status = 400
            problem = _("This code and postcode do not open a portal. Please check both.")
    elif request.method == "POST":
        status = 400
        problem = _("Please fill in both the code and the postcode.")
    return render(request, "portal/code.html", {"form": form, "problem": problem}, status=status)
