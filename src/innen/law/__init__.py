"""Dutch collection law, to the cent: a pure Python package (no Django).

Public entry point: `innen.law.claim.compute_claim`. The modules hold one subject each:
rates (historic interest tables), interest, collection_costs, default (first interest day,
payment terms), allocation (art. 6:43/6:44 BW), limitation, letter_term (the 14-day letter),
references (betalingskenmerk, RF) and epc_qr. Decisions on points the law leaves open are in
docs/law.md.
"""
