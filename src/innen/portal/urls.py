"""The portal under /portal/: fixed pages first, then everything under a customer's token."""

from django.urls import URLPattern, URLResolver, include, path

from innen.portal import staff_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.code_entry, name="portal-code"),
    path("settings/", staff_views.mollie_settings, name="portal-settings"),
    path("revoke/<int:customer_id>/", staff_views.links_revoke, name="portal-revoke"),
    path("mollie/webhook/", views.mollie_webhook, name="portal-mollie-webhook"),
    path("<str:token>/", views.portal, name="portal"),
    path("<str:token>/pay/", views.pay, name="portal-pay"),
    path(
        "<str:token>/invoices/<int:invoice_id>/pdf/", views.invoice_pdf, name="portal-invoice-pdf"
    ),
    path("<str:token>/letters/<int:delivery_id>/pdf/", views.letter_pdf, name="portal-letter-pdf"),
    path("<str:token>/", include("innen.portal.arrangement_urls")),
]
