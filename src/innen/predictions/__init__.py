"""Payment prediction on an organisation's own ledger: the Django side of `innen.risk`."""
