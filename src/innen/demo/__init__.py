"""The demo organisation: a believable Dutch wholesaler, its customers and their ledger.

`generator` makes the data (pure, no Django), `replay` works out what each payment and
credit note settles, `loader` writes it all to the database.
"""
