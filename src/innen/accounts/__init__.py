"""Accounts: sign-in with two factors, recovery codes, and who may do what."""
