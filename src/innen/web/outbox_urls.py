"""Letters and e-mails: the outbox, messages as sent, print batches (outbox_views); the texts
and the sender (outbox_text_views)."""

from django.urls import path

from innen.web import outbox_text_views as texts
from innen.web import outbox_views as views

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path(
        "deliveries/<int:pk>/send-again/",
        views.delivery_send_again,
        name="delivery-send-again",
    ),
    path("deliveries/<int:pk>/confirm/", views.delivery_confirm, name="delivery-confirm"),
    path("print-batches/new/", views.print_batch_make, name="print-batch-make"),
    path("print-batches/<int:pk>/", views.print_batch_download, name="print-batch-download"),
    path("messages/<int:pk>/", views.message_detail, name="outbox-message"),
    path(
        "messages/<int:pk>/preview.pdf",
        views.message_preview_pdf,
        name="outbox-message-preview-pdf",
    ),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("templates/", texts.template_list, name="template-list"),
    path("templates/<str:kind>/<str:language>/", texts.template_edit, name="template-edit"),
    path(
        "templates/<str:kind>/<str:language>/preview/",
        texts.template_preview,
        name="template-preview",
    ),
    path(
        "templates/<str:kind>/<str:language>/preview.pdf",
        texts.template_preview_pdf,
        name="template-preview-pdf",
    ),
    path(
        "templates/<str:kind>/<str:language>/reset/",
        texts.template_reset,
        name="template-reset",
    ),
    path("settings/", texts.sender_settings, name="sender-settings"),
]
