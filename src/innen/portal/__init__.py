"""The customer portal: the debtor's side, opened from a signed link or a code and postcode."""
