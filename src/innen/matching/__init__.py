"""Payment matching: which open invoices a bank statement line pays. Pure, no Django.

`book.Book` indexes one organisation's open invoices and customers; `match.match_entry`
decides one line. The bench's generated set and its scoring live apart, in `bench/`.
"""
