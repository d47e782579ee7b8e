"""The credit controller's worklist and what it records (see worklist_views)."""

from django.urls import URLPattern, URLResolver, path

from innen.web import collection_views
from innen.web import worklist_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.worklist, name="worklist"),
    path("calls/<int:pk>/outcome/", views.call_record, name="worklist-call-outcome"),
    # The collection page's approve and reject, coming back here.
    path(
        "messages/<int:pk>/approve/",
        collection_views.message_approve,
        {"back": "worklist#approvals"},
        name="worklist-message-approve",
    ),
    path(
        "messages/<int:pk>/reject/",
        collection_views.message_reject,
        {"back": "worklist#approvals"},
        name="worklist-message-reject",
    ),
]
