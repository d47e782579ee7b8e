"""The REST API (django-ninja): customers, invoices, payments and the rest, per organisation."""
