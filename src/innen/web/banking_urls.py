"""The Bank page: statement uploads, imports with their entries, accounts (see banking_views)."""

from django.urls import path

from innen.web import banking_views as views

urlpatterns = [
    path("", views.bank, name="bank"),
    path("accounts/add/", views.account_add, name="bank-account-add"),
    path("imports/<int:pk>/", views.import_detail, name="bank-import"),
    path("review/", views.review, name="bank-review"),
    path("entries/<int:pk>/accept/<int:offer>/", views.entry_accept, name="bank-entry-accept"),
    path("entries/<int:pk>/assign/", views.entry_assign, name="bank-entry-assign"),
    path("entries/<int:pk>/ignore/", views.entry_ignore, name="bank-entry-ignore"),
    path("entries/<int:pk>/return/", views.entry_return, name="bank-entry-return"),
    path("entries/<int:pk>/refund/", views.entry_refund, name="bank-entry-refund"),
    path("credit/", views.credit, name="bank-credit"),
]
