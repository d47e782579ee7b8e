"""Connections to accounting packages: the stored connection, its sync and its page.

`innen.connectors` turns a package's API into package-neutral records; this app keeps each
organisation's connection (tokens sealed), runs the sync as background tasks and applies the
records to the ledger through the ledger's services (see docs/connectors.md).
"""
