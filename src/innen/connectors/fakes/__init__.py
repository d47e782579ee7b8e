"""Local stand-ins for the packages' APIs, for tests, the bench and a demo without an account.

Each follows its package's published documentation and runs on its own
(`python -m innen.connectors.fakes.moneybird_fake`).
"""
