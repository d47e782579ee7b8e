"""What the matching bench and its tests run on, not the matcher: a generated set of invoices and
statement lines with the truth (generated.py), and how well the matcher did against it
(quality.py). Pure, like the matcher."""
