"""Reading the files people bring: CSV exports from spreadsheets and accounting software.

Pure Python, no Django: these modules turn bytes into typed rows plus a list of
`LineError`s. Checking against the database and writing is `innen.ledger.importing`'s job.
"""
