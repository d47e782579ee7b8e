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
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.requests import is_owner, organisation_of, signed_in_user
from innen.portal.forms import MollieSettingsForm
from innen.portal.models import MollieSettings
from innen.portal.revocation import portal_links_revoke
from innen.portal.settings_defaults import mollie_api_endpoint


@organisation_required
def mollie_settings(request: HttpRequest) -> HttpResponse:
    """Online payment through the organisation's own Mollie account; owners only."""
    if not is_owner(request):
        return render(request, "web/forbidden.html", status=403)
    instance = MollieSettings.objects.filter(organisation=organisation_of(request)).first()
    instance = instance or MollieSettings(organisation=organisation_of(request))
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
    customer = get_object_or_404(Customer, pk=customer_id, organisation=organisation_of(request))
    portal_links_revoke(customer, signed_in_user(request))
    messages.success(
        request,
        _("The portal links and code of %(name)s no longer work; new messages carry new ones.")
        % {"name": customer.name},
    )
    return redirect("customer-detail", pk=customer.pk)
