"""Customer pages with their dossier: timeline, notes, export (see customer_views)."""

from django.urls import URLPattern, path

from innen.web import collection_views, credit_views, customer_edit_views, customer_views

urlpatterns: list[URLPattern] = [
    path("", customer_views.customer_list, name="customers"),
    path("new/", customer_edit_views.customer_new, name="customer-new"),
    path("<int:pk>/", customer_views.customer_detail, name="customer-detail"),
    path("<int:pk>/edit/", customer_edit_views.customer_edit, name="customer-edit"),
    path("<int:pk>/invoices/new/", customer_edit_views.invoice_new, name="invoice-new"),
    path("<int:pk>/notes/", customer_views.note_add, name="customer-note-add"),
    path("<int:pk>/hold/", collection_views.customer_hold_place, name="customer-hold-place"),
    path("<int:pk>/credit-limit/", credit_views.credit_limit_set, name="customer-credit-limit"),
    path("<int:pk>/export/", customer_views.customer_export, name="customer-export"),
    path(
        "<int:pk>/documents/<str:sha256>/",
        customer_views.customer_document,
        name="customer-document",
    ),
]
