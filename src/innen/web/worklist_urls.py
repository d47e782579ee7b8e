"""The credit controller's worklist and what it records (see worklist_views)."""

from django.urls import URLPattern, URLResolver, path

from innen.web import worklist_actions as actions
from innen.web import worklist_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.worklist, name="worklist"),
    path("calls/<int:pk>/outcome/", views.call_record, name="worklist-call-outcome"),
    path("messages/<int:pk>/approve/", actions.message_approve, name="worklist-message-approve"),
    path("messages/<int:pk>/reject/", actions.message_reject, name="worklist-message-reject"),
    path("messages/decide/", actions.messages_decide, name="worklist-messages-decide"),
]
