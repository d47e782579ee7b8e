"""The organisation's side of the portal: Mollie settings (owners) and revoking links.

Both are scoped to `request.organisation`: another organisation's customer is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innen.ledger.models import Customer
from innen.portal.forms import MollieSettingsForm
from innen.portal.models import MollieSettings
from innen.portal.revocation import portal_links_revoke
from innen.portal.settings_defaults import mollie_api_endpoint
from innen.web.decorators import organisation_required, signed_in_user, write_required


@organisation_required
def mollie_settings(request: HttpRequest) -> HttpResponse:
    """Online payment through the organisation's own Mollie account; owners only."""
    if not request.membership.is_owner:  # type: ignore[attr-defined]
        return render(request, "web/forbidden.html", status=403)
    instance = MollieSettings.objects.filter(organisation=request.organisation).first()  # type: ignore[attr-defined]
    instance = instance or MollieSettings(organisation=request.organisation)  # type: ignore[attr-defined]
    form = MollieSettingsForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The online payment settings are saved."))
        return redirect("portal-settings")
    return render(
        request,
        "portal/settings.html",
        {"form": form, "settings": instance, "endpoint": mollie_api_endpoint()},
        status=400 if form.errors else 200,
    )


@require_POST
@organisation_required
@write_required
def links_revoke(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Every portal link and code of this customer stops working (e.g. a letter went astray)."""
    customer = get_object_or_404(Customer, pk=customer_id, organisation=request.organisation)  # type: ignore[attr-defined]
    portal_links_revoke(customer, signed_in_user(request))
    messages.success(
        request,
        _("The portal links and code of %(name)s no longer work; new messages carry new ones.")
        % {"name": customer.name},
    )
    return redirect("customer-detail", pk=customer.pk)
