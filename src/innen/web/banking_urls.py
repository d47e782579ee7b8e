"""The Bank page: statement uploads, imports with their entries, accounts (see banking_views)."""

from django.urls import path

from innen.web import banking_views as views

urlpatterns = [
    path("", views.bank, name="bank"),
    path("accounts/add/", views.account_add, name="bank-account-add"),
    path("imports/<int:pk>/", views.import_detail, name="bank-import"),
]
