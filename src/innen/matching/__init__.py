"""Payment matching: which open invoices a bank statement line pays. Pure, no Django.

`book.Book` indexes one organisation's open invoices and customers; `match.match_entry`
decides one line; `generated` makes a realistic test set and `quality` scores the result.
"""
