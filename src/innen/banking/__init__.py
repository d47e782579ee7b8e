"""Bank accounts and the statements imported from them, entry by entry, for matching."""
