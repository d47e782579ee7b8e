from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from innen.accounts import signin_views
from innen.web import (
    claim_views,
    collection_views,
    home_views,
    invoice_claim_views,
    invoice_edit_views,
)

urlpatterns = [
    path("", home_views.home, name="home"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("claim/", claim_views.claim_calculator, name="claim-calculator"),
    path("invoices/<int:pk>/", collection_views.invoice_detail, name="invoice-detail"),
    path("invoices/<int:pk>/hold/", collection_views.hold_place, name="hold-place"),
    path("invoices/<int:pk>/edit/", invoice_edit_views.invoice_edit, name="invoice-edit"),
    path(
        "invoices/<int:pk>/credit-note/",
        invoice_edit_views.credit_note_new,
        name="invoice-credit-note",
    ),
    path("invoices/<int:pk>/write-off/", invoice_edit_views.write_off, name="invoice-write-off"),
    path("invoices/<int:pk>/payment/", invoice_edit_views.payment_new, name="invoice-payment"),
    path("invoices/<int:pk>/pdf/", invoice_edit_views.invoice_pdf, name="invoice-pdf"),
    path("invoices/<int:pk>/waive/", invoice_claim_views.charges_waive, name="charges-waive"),
    path("holds/<int:pk>/lift/", collection_views.hold_lift, name="hold-lift"),
    path("collection/", collection_views.collection, name="collection"),
    path("collection/run/", collection_views.run_now, name="collection-run"),
    path("collection/forecast/", collection_views.collection_forecast, name="collection-forecast"),
    path("collection/policies/", include("innen.web.policy_urls")),
    path("import/", include("innen.web.import_urls")),
    path("bank/", include("innen.web.banking_urls")),
    path("customers/", include("innen.web.customer_urls")),
    path("outbox/", include("innen.web.outbox_urls")),
    # The outbox was served at /letters/ before; old bookmarks keep working.
    path("letters/", RedirectView.as_view(url="/outbox/", permanent=True, query_string=True)),
    path(
        "letters/<path:rest>",
        RedirectView.as_view(url="/outbox/%(rest)s", permanent=True, query_string=True),
    ),
    path("organisation/switch/", home_views.switch_organisation, name="switch-organisation"),
    path("login/", signin_views.sign_in, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
