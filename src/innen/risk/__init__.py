"""Payment prediction: who will pay late, by how much, and why (issue 28).

Pure: no Django. The Django side hands in `records.Record`s read from the ledger; this
package turns them into features known before a cut-off day (`features`), fits and applies
a model (`model`), says why in words (`explain`) and measures it on a split by date
(`evaluate`, `metrics`). `ibm` reads the public IBM accounts-receivable sample as it is.
"""
