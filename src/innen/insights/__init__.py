"""What the credit controller's dashboard shows: receivables, DSO, CEI, cash-in and the funnel.

`metrics` is pure arithmetic over day totals (no Django); `figures` reads those totals from
the ledger and the collection history with a few set-based queries.
"""
