"""Accounting packages (Exact Online, Moneybird, ...) as one interface: pure, no Django.

Each package is one module that turns the package's API into the records of `records` and
raises the errors of `errors`; the Django app `connections` stores the connection, runs the
sync and applies the records to the ledger through its services.
"""
