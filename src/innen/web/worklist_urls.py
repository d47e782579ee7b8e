"""The credit controller's worklist and what it records (see worklist_views)."""

from django.urls import URLPattern, URLResolver, path

from innen.web import worklist_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.worklist, name="worklist"),
    path("calls/<int:pk>/outcome/", views.call_record, name="worklist-call-outcome"),
    path("messages/<int:pk>/approve/", views.message_approve, name="worklist-message-approve"),
    path("messages/<int:pk>/reject/", views.message_reject, name="worklist-message-reject"),
]
